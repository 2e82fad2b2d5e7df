using System.Numerics.Tensors;

namespace Strata.Recommend.Ranking;

/// <summary>
/// A learned linear scoring function over standardised features: score(x) = Σ_f w_f·(x_f − μ_f)/σ_f.
/// Weights are in standardised units, so their magnitudes compare across features.
/// </summary>
public sealed class LinearRanker(float[] weights, float[] means, float[] scales, IReadOnlyList<string> names)
{
    public int Features => weights.Length;

    /// <summary>Weight per feature (standardised units).</summary>
    public ReadOnlySpan<float> Weights => weights;

    public IReadOnlyList<string> Names => names;

    /// <summary>Scores one feature row; <paramref name="scratch"/> holds at least <see cref="Features"/> floats.</summary>
    public float Score(ReadOnlySpan<float> row, Span<float> scratch)
    {
        var z = scratch[..weights.Length];
        TensorPrimitives.Subtract(row, means, z);
        TensorPrimitives.Divide(z, scales, z);
        return TensorPrimitives.Dot(z, weights);
    }

    /// <summary>The contribution w_f·z_f of each feature to a row's score (for explanations and tests).</summary>
    public void Contributions(ReadOnlySpan<float> row, Span<float> contributions)
    {
        TensorPrimitives.Subtract(row, means, contributions);
        TensorPrimitives.Divide(contributions, scales, contributions);
        TensorPrimitives.Multiply(contributions, weights, contributions);
    }
}
