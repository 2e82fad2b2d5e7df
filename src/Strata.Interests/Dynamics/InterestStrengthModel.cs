using System.Text.Json;
using Strata.Interests.Profiles;

namespace Strata.Interests.Dynamics;

/// <summary>
/// The learned interest strength <c>w = σ(θᵀ φ(h))</c> (the seeds' σ(θᵀ(φ(h) ⊙ v)) with the user-dependent parts inside φ):
/// the probability that the user engages with node h in the next period. Trained by <see cref="StrengthEvaluation"/>.
/// </summary>
/// <param name="Weights">θ over <see cref="StrengthFeatures.Names"/> (standardised), bias last.</param>
/// <param name="Means">Feature means used for standardising.</param>
/// <param name="Scales">Feature standard deviations used for standardising.</param>
public sealed record InterestStrengthModel(double[] Weights, double[] Means, double[] Scales)
{
    /// <summary>Artifact name under which <c>strata fit</c> saves the model.</summary>
    public const string ArtifactName = "interest-strength";

    /// <summary>P(engage with h in the next period) for every node of the profile's taxonomy, at <paramref name="at"/>.</summary>
    public float[] Predict(InterestProfile profile, long at)
    {
        var nodes = profile.Context.Taxonomy.NodeCount;
        var features = new float[nodes * StrengthFeatures.Count];
        StrengthFeatures.ForUser(profile, at, features);
        var result = new float[nodes];
        for (int h = 0; h < nodes; h++)
            result[h] = LogisticRegression.Predict(features.AsSpan(h * StrengthFeatures.Count, StrengthFeatures.Count), Weights, Means, Scales);
        return result;
    }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(new Stored(StrengthFeatures.Names.ToArray(), Weights, Means, Scales));

    /// <exception cref="InvalidDataException">The bytes are not a model over the current feature set.</exception>
    public static InterestStrengthModel FromBytes(ReadOnlySpan<byte> data)
    {
        Stored? stored;
        try { stored = JsonSerializer.Deserialize<Stored>(data); }
        catch (JsonException e) { throw new InvalidDataException("Not an interest-strength model.", e); }
        if (stored is null || !stored.Features.SequenceEqual(StrengthFeatures.Names) || stored.Weights.Length != stored.Features.Length + 1)
            throw new InvalidDataException("The interest-strength model was trained on another feature set; refit it (strata fit).");
        return new InterestStrengthModel(stored.Weights, stored.Means, stored.Scales);
    }

    private sealed record Stored(string[] Features, double[] Weights, double[] Means, double[] Scales);
}
