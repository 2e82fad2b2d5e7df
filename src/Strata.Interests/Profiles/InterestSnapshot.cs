using Strata.Interests.Taxonomies;

namespace Strata.Interests.Profiles;

/// <summary>
/// A user's whole interest tree at one time, derived from an <see cref="InterestProfile"/> or a <see cref="TextProfile"/>:
/// what explanations, the CLI and the server show. Nodes are listed per level, most probable first.
/// </summary>
/// <param name="User">External user id, or null for a text profile.</param>
/// <param name="AtSeconds">Unix seconds the snapshot describes.</param>
/// <param name="Events">Events behind the profile (0 for a text profile).</param>
/// <param name="Macro">Macro nodes, most probable first.</param>
/// <param name="Meso">Meso nodes, most probable first.</param>
public sealed record InterestSnapshot(string? User, long AtSeconds, int Events, IReadOnlyList<NodeInterest> Macro, IReadOnlyList<NodeInterest> Meso)
{
    public IReadOnlyList<NodeInterest> Level(InterestLevel level) => level switch
    {
        InterestLevel.Macro => Macro,
        InterestLevel.Meso => Meso,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Profiles describe macro and meso levels; micro interests are the events themselves."),
    };

    /// <summary>A copy whose nodes carry the learned engagement probability (<paramref name="perNode"/> indexed by node id).</summary>
    public InterestSnapshot WithEngagement(ReadOnlySpan<float> perNode)
    {
        var values = perNode.ToArray();
        return this with
        {
            Macro = Macro.Select(n => n with { Engagement = values[n.NodeId] }).ToList(),
            Meso = Meso.Select(n => n with { Engagement = values[n.NodeId] }).ToList(),
        };
    }

    /// <summary>Nodes whose recent share rose beyond the threshold, strongest rise first.</summary>
    public IEnumerable<NodeInterest> Emerging => Macro.Concat(Meso).Where(n => n.Direction == InterestTrend.Emerging).OrderByDescending(n => n.Trend);

    /// <summary>Nodes whose recent share fell beyond the threshold, strongest fall first.</summary>
    public IEnumerable<NodeInterest> Fading => Macro.Concat(Meso).Where(n => n.Direction == InterestTrend.Fading).OrderBy(n => n.Trend);
}
