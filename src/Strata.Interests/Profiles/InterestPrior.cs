using Strata.Interests.Taxonomies;

namespace Strata.Interests.Profiles;

/// <summary>
/// The population's interests, the target of hierarchical smoothing: <c>P(macro)</c> and, for each meso node, <c>P(meso | its macro)</c>.
/// Estimated from how many positive events fall under each node (add-one smoothed), or from node sizes when no events are known.
/// </summary>
public sealed class InterestPrior
{
    private readonly float[] _probability;

    private InterestPrior(float[] probability) => _probability = probability;

    /// <summary>For a macro node <c>P(h)</c>; for a meso node <c>P(h | parent)</c>.</summary>
    public float this[int nodeId] => _probability[nodeId];

    /// <summary>Every node's prior, by node id (as <see cref="FromProbabilities"/> reads it back).</summary>
    public ReadOnlySpan<float> Probabilities => _probability;

    /// <summary>A prior saved from <see cref="Probabilities"/>.</summary>
    public static InterestPrior FromProbabilities(Taxonomy taxonomy, float[] probability) =>
        probability.Length == taxonomy.NodeCount ? new InterestPrior(probability)
            : throw new ArgumentException($"A prior needs one probability per node ({taxonomy.NodeCount}), got {probability.Length}.", nameof(probability));

    /// <summary>Prior proportional to node sizes (items under each node): the catalogue's own shape.</summary>
    public static InterestPrior FromSizes(Taxonomy taxonomy)
    {
        var mass = new float[taxonomy.NodeCount];
        for (int h = 0; h < mass.Length; h++) mass[h] = taxonomy.Nodes[h].Size;
        return FromMass(taxonomy, mass, pseudoCount: 0f);
    }

    /// <summary>Prior from per-node counts of positive events (add-one smoothed, so no node has zero prior).</summary>
    public static InterestPrior FromCounts(Taxonomy taxonomy, ReadOnlySpan<float> positiveEventsPerNode) =>
        FromMass(taxonomy, positiveEventsPerNode.ToArray(), pseudoCount: 1f);

    private static InterestPrior FromMass(Taxonomy taxonomy, float[] mass, float pseudoCount)
    {
        var probability = new float[taxonomy.NodeCount];
        double macroTotal = 0;
        for (int m = 0; m < taxonomy.MacroCount; m++) macroTotal += mass[m] + pseudoCount;
        for (int m = 0; m < taxonomy.MacroCount; m++)
        {
            probability[m] = macroTotal > 0 ? (float)((mass[m] + pseudoCount) / macroTotal) : 1f / taxonomy.MacroCount;
            var children = taxonomy.Children(m);
            double childTotal = 0;
            foreach (var c in children) childTotal += mass[c] + pseudoCount;
            foreach (var c in children)
                probability[c] = childTotal > 0 ? (float)((mass[c] + pseudoCount) / childTotal) : 1f / children.Length;
        }
        return new InterestPrior(probability);
    }
}
