using System.Numerics.Tensors;

namespace Strata.Recommend.Ranking;

/// <summary>
/// A learned linear scoring function over standardised features: score(x) = Σ_f w_f·(x_f − μ_f)/σ_f.
/// Weights are in standardised units, so their magnitudes compare across features.
/// </summary>
public sealed class LinearRanker(float[] weights, float[] means, float[] scales, IReadOnlyList<string> names) : IRanker
{
    public int Features => weights.Length;

    /// <summary>Weight per feature (standardised units).</summary>
    public ReadOnlySpan<float> Weights => weights;

    public IReadOnlyList<string> Names => names;

    /// <summary>
    /// The ranker with the mean weights of <paramref name="rankers"/>, which must share one standardisation (as rankers
    /// learned by one trainer on one sample set do): averaging rankers fitted on different folds steadies the weights.
    /// </summary>
    public static LinearRanker Average(IReadOnlyList<LinearRanker> rankers)
    {
        var first = rankers[0];
        var mean = new float[first.Features];
        foreach (var ranker in rankers)
        {
            if (!ranker._means.AsSpan().SequenceEqual(first._means) || !ranker._scales.AsSpan().SequenceEqual(first._scales))
                throw new ArgumentException("Rankers to average must share their standardisation.", nameof(rankers));
            TensorPrimitives.Add(mean, ranker.Weights, mean);
        }
        TensorPrimitives.Divide(mean, rankers.Count, mean);
        return new LinearRanker(mean, first._means, first._scales, first.Names);
    }

    private readonly float[] _means = means;
    private readonly float[] _scales = scales;

    internal float[] Means => _means;
    internal float[] Scales => _scales;

    /// <summary>Scores one feature row; <paramref name="scratch"/> holds at least <see cref="Features"/> floats.</summary>
    public float Score(ReadOnlySpan<float> row, Span<float> scratch)
    {
        var z = scratch[..weights.Length];
        TensorPrimitives.Subtract(row, _means, z);
        TensorPrimitives.Divide(z, _scales, z);
        return TensorPrimitives.Dot(z, weights);
    }

    /// <summary>The contribution w_f·z_f of each feature to a row's score (for explanations and tests).</summary>
    public void Contributions(ReadOnlySpan<float> row, Span<float> contributions)
    {
        TensorPrimitives.Subtract(row, _means, contributions);
        TensorPrimitives.Divide(contributions, _scales, contributions);
        TensorPrimitives.Multiply(contributions, weights, contributions);
    }
}
