using Strata.Core.Domain;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Server.Contracts;
using Strata.Storage;

namespace Strata.Server.Serving;

internal sealed partial class ServingState
{
    private const int TrendPoints = 16;
    private const int TrendSeries = 5;
    private const int ItemsPerMeso = 12;

    /// <summary>
    /// The user's interest tree from the live profile (strengths <c>s_u(h)</c>, probabilities <c>P_u(h | level)</c>, trends),
    /// completed with the micro level (each item's decayed event weight) and the top macro interests' strength over time,
    /// both recomputed from the user's events in the log. Null when the user has no profile.
    /// </summary>
    public InterestsResponse? Interests(string storedUserId, string externalUserId, IReadOnlyList<StoredEvent> userEvents)
    {
        if (_users.Snapshot(storedUserId, externalUserId) is not { } snapshot) return null;
        var at = snapshot.AtSeconds;
        var itemsByMeso = ItemStrengths(userEvents, at);
        var mesoByMacro = snapshot.Meso.Where(m => m.Events > 0).GroupBy(m => m.ParentId).ToDictionary(g => g.Key, g => g.ToList());
        var macros = new List<MacroInterestDto>();
        foreach (var macro in snapshot.Macro)
        {
            if (macro.Events == 0) continue;
            var mesos = mesoByMacro.TryGetValue(macro.NodeId, out var list) ? list : [];
            macros.Add(new MacroInterestDto(macro.NodeId, macro.Label, macro.Strength, macro.Probability, macro.Trend, Direction(macro.Direction),
                mesos.Select(m => new MesoInterestDto(m.NodeId, m.Label, m.Strength, m.Probability, m.Trend, Direction(m.Direction),
                    itemsByMeso.TryGetValue(m.NodeId, out var items) ? items : [])).ToArray()));
        }
        var trend = Trend(userEvents, macros.Take(TrendSeries).Select(m => (m.Id, m.Label)).ToArray());
        return new InterestsResponse(externalUserId, Version, snapshot.Events, DateTimeOffset.FromUnixTimeSeconds(at), macros, trend);
    }

    private static string Direction(InterestTrend trend) => trend switch
    {
        InterestTrend.Emerging => "emerging",
        InterestTrend.Fading => "fading",
        _ => "stable",
    };

    /// <summary>Per meso node, the user's items under it with <c>Σ w · 2^(−Δt / half_life)</c> at <paramref name="at"/>, strongest first.</summary>
    private Dictionary<int, ItemInterestDto[]> ItemStrengths(IReadOnlyList<StoredEvent> userEvents, long at)
    {
        var strengths = new Dictionary<int, float>();
        foreach (var stored in userEvents)
        {
            var e = stored.Event;
            if (e.ItemId is null || Items.IndexOf(e.ItemId) is var item && item < 0) continue;
            var age = Math.Max(0, at - e.Timestamp.ToUnixTimeSeconds());
            var weight = (float)(ProfileContext.Weights.Weigh(e) * double.Exp2(-age * ProfileContext.LongRate));
            strengths[item] = strengths.GetValueOrDefault(item) + weight;
        }
        return strengths
            .GroupBy(kv => Taxonomy.PathOf(kv.Key).Meso)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(ItemsPerMeso)
                .Select(kv => new ItemInterestDto(Catalog[kv.Key].Id, Catalog[kv.Key].Title, kv.Value)).ToArray());
    }

    /// <summary>
    /// Replays the user's events in time order into a fresh profile and samples the given macro nodes' strengths at
    /// evenly spaced times from the first event to the last: the same decayed sums the live profile holds, seen over time.
    /// </summary>
    private TrendDto Trend(IReadOnlyList<StoredEvent> userEvents, (int Id, string Label)[] nodes)
    {
        var ordered = userEvents.Where(e => e.Event.ItemId is not null && Items.Contains(e.Event.ItemId))
            .OrderBy(e => e.Event.Timestamp).ThenBy(e => e.Sequence).ToArray();
        if (ordered.Length == 0 || nodes.Length == 0) return new TrendDto([], []);
        var first = ordered[0].Event.Timestamp.ToUnixTimeSeconds();
        var last = ordered[^1].Event.Timestamp.ToUnixTimeSeconds();
        var points = last > first ? TrendPoints : 1;
        var times = new DateTimeOffset[points];
        var values = new float[nodes.Length][];
        for (int s = 0; s < nodes.Length; s++) values[s] = new float[points];
        var replay = new InterestProfile(ProfileContext);
        var next = 0;
        for (int p = 0; p < points; p++)
        {
            var t = points == 1 ? last : first + (last - first) * p / (points - 1);
            for (; next < ordered.Length && ordered[next].Event.Timestamp.ToUnixTimeSeconds() <= t; next++)
            {
                var e = ordered[next].Event;
                replay.Apply(Items.IndexOf(e.ItemId!), e.Type, e.Value is { } v ? (float)v : float.NaN, e.Timestamp.ToUnixTimeSeconds());
            }
            times[p] = DateTimeOffset.FromUnixTimeSeconds(t);
            for (int s = 0; s < nodes.Length; s++) values[s][p] = replay.Strength(nodes[s].Id, t);
        }
        return new TrendDto(times, nodes.Select((n, s) => new TrendSeriesDto(n.Id, n.Label, s, values[s])).ToArray());
    }
}
