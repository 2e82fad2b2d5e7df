using System.Numerics.Tensors;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;

namespace Strata.Interests.Dynamics;

/// <summary>
/// The per-(user, node) features φ(h) of the interest-strength model: decayed strengths at both horizons, the smoothed
/// probability, event count, recency, level, similarity of the node's centroid to the user's level vector, the node's
/// population prior and the weight of negative feedback.
/// </summary>
public static class StrengthFeatures
{
    /// <summary>Recency of a node the user never touched, in days (also the cap for touched ones).</summary>
    public const float NeverDays = 3650f;

    public static IReadOnlyList<string> Names { get; } =
    [
        "log_strength", "log_short_strength", "probability", "log_events", "log_days_since_last", "touched",
        "is_meso", "centroid_similarity", "log_prior", "log_negative_strength",
    ];

    public static int Count => Names.Count;

    /// <summary>Writes the features of every node of the profile's taxonomy at <paramref name="at"/> into <paramref name="destination"/> (nodes × <see cref="Count"/>).</summary>
    public static void ForUser(InterestProfile profile, long at, Span<float> destination)
    {
        var context = profile.Context;
        var taxonomy = context.Taxonomy;
        if (destination.Length != taxonomy.NodeCount * Count) throw new ArgumentException($"Destination needs {taxonomy.NodeCount * Count} entries.", nameof(destination));
        var probabilities = new float[taxonomy.NodeCount];
        profile.LevelDistribution(InterestLevel.Macro, probabilities.AsSpan(0, taxonomy.MacroCount), at);
        profile.LevelDistribution(InterestLevel.Meso, probabilities.AsSpan(taxonomy.MacroCount), at);
        var macroVector = new float[taxonomy.Dimensions];
        var mesoVector = new float[taxonomy.Dimensions];
        profile.LevelVector(InterestLevel.Macro, macroVector, at);
        profile.LevelVector(InterestLevel.Meso, mesoVector, at);
        for (int h = 0; h < taxonomy.NodeCount; h++)
        {
            var row = destination.Slice(h * Count, Count);
            var node = taxonomy.Nodes[h];
            var strength = profile.Strength(h, at);
            var touched = profile.Events(h) > 0;
            var days = touched ? MathF.Min(NeverDays, (at - profile.LastEventSeconds(h)) / 86400f) : NeverDays;
            var meso = node.Level == InterestLevel.Meso;
            var prior = meso ? context.Prior[h] * context.Prior[node.ParentId] : context.Prior[h];
            row[0] = MathF.Log(1 + MathF.Max(0, strength));
            row[1] = MathF.Log(1 + MathF.Max(0, profile.ShortStrength(h, at)));
            row[2] = probabilities[h];
            row[3] = MathF.Log(1 + profile.Events(h));
            row[4] = MathF.Log(1 + MathF.Max(0, days));
            row[5] = touched ? 1 : 0;
            row[6] = meso ? 1 : 0;
            row[7] = TensorPrimitives.Dot(taxonomy.Centroid(h), meso ? mesoVector : macroVector);
            row[8] = MathF.Log(MathF.Max(prior, 1e-9f));
            row[9] = MathF.Log(1 + MathF.Max(0, -strength));
        }
    }
}
