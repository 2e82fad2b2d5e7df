using Strata.Core.Domain;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Recommend;
using Strata.Server.Contracts;

namespace Strata.Server.Serving;

internal sealed partial class ServingState
{
    /// <summary>Explained recommendations for a stored user from their live profile and history; null when the user is unknown.</summary>
    public RecommendationsResponse? RecommendForUser(string storedUserId, string externalUserId, int n, float diversity, IReadOnlyList<string> exclude)
    {
        UserHistory history;
        var mesoProbability = new float[Taxonomy.MesoCount];
        lock (_profilesLock)
        {
            if (!_eventCounts.ContainsKey(storedUserId)) return null;
            history = _histories.TryGetValue(storedUserId, out var live) ? live.ToHistory() : UserHistory.OfItems(-1);
            if (_profiles.TryGetValue(storedUserId, out var profile) && profile.EventCount > 0)
                profile.LevelDistribution(InterestLevel.Meso, mesoProbability);
        }
        var items = _engine.Recommend(history, mesoProbability, n, diversity, Excluded(history, exclude));
        return new RecommendationsResponse(externalUserId, Version, diversity, Explain(items, storedUserId, mesoProbability));
    }

    /// <summary>Explained recommendations from an anonymous session's events (nothing is stored).</summary>
    public RecommendationsResponse RecommendForSession(IReadOnlyList<Event> events, int n, float diversity, IReadOnlyList<string> exclude)
    {
        var profile = new InterestProfile(ProfileContext);
        var live = new LiveHistory();
        foreach (var e in events)
        {
            if (e.ItemId is null || Items.IndexOf(e.ItemId) is var item && item < 0) continue;
            var value = e.Value is { } v ? (float)v : float.NaN;
            var seconds = e.Timestamp.ToUnixTimeSeconds();
            profile.Apply(item, e.Type, value, seconds);
            live.Add(item, e.Type, value, seconds);
        }
        var mesoProbability = new float[Taxonomy.MesoCount];
        if (profile.EventCount > 0) profile.LevelDistribution(InterestLevel.Meso, mesoProbability);
        var history = live.ToHistory();
        var items = _engine.Recommend(history, mesoProbability, n, diversity, Excluded(history, exclude));
        return new RecommendationsResponse(null, Version, diversity, Explain(items, profile, mesoProbability));
    }

    /// <summary>Cold start: items close to the text in meaning, within the interests the text matches.</summary>
    public RecommendationsResponse RecommendForText(float[] query, int n, float diversity, IReadOnlyList<string> exclude)
    {
        var snapshot = TextProfile.FromVector(Taxonomy, query);
        var mesoProbability = new float[Taxonomy.MesoCount];
        foreach (var node in snapshot.Meso) mesoProbability[node.NodeId - Taxonomy.MacroCount] = node.Probability;
        var items = _engine.RecommendForQuery(query, mesoProbability, n, diversity, Excluded(UserHistory.OfItems(-1), exclude));
        return new RecommendationsResponse(null, Version, diversity, Explain(items, profile: null, mesoProbability, fromText: true));
    }

    private bool[] Excluded(UserHistory history, IReadOnlyList<string> exclude)
    {
        var excluded = new bool[Catalog.Count];
        foreach (var item in history.Items) if ((uint)item < (uint)excluded.Length) excluded[item] = true;
        foreach (var id in exclude) if (Items.IndexOf(id) is var item && item >= 0) excluded[item] = true;
        return excluded;
    }

    private List<RecommendationDto> Explain(IReadOnlyList<ScoredItem> items, string storedUserId, float[] mesoProbability)
    {
        lock (_profilesLock)
            return Explain(items, _profiles.GetValueOrDefault(storedUserId), mesoProbability);
    }

    /// <summary>
    /// Each item's interest path (macro › meso), how much of the user's interest that meso node holds, and the user's own
    /// events that carry it (the node's top contributors in the profile, or its macro's when the meso node has none).
    /// </summary>
    private List<RecommendationDto> Explain(IReadOnlyList<ScoredItem> items, InterestProfile? profile, float[] mesoProbability, bool fromText = false)
    {
        var result = new List<RecommendationDto>(items.Count);
        foreach (var scored in items)
        {
            var path = Taxonomy.PathOf(scored.Item);
            var macro = Taxonomy.Nodes[path.Macro].Label;
            var meso = Taxonomy.Nodes[path.Meso].Label;
            var share = mesoProbability[path.Meso - Taxonomy.MacroCount];
            var because = new List<EvidenceDto>();
            if (profile is not null)
            {
                var top = profile.TopEvents(path.Meso);
                if (top.Count == 0) top = profile.TopEvents(path.Macro);
                foreach (var e in top)
                    because.Add(new EvidenceDto(Catalog[e.Item].Id, Catalog[e.Item].Title, e.Type.Name(), DateTimeOffset.FromUnixTimeSeconds(e.Seconds), e.Weight));
            }
            var reason = fromText
                ? $"matches your words: {meso} ({share:P0} of the match)"
                : because.Count > 0
                    ? $"{meso} holds {share:P0} of your interest"
                    : $"people with your history also chose it; it sits under {macro}";
            result.Add(new RecommendationDto(Catalog[scored.Item].Id, Catalog[scored.Item].Title, scored.Score, new ExplanationDto(macro, meso, reason, because)));
        }
        return result;
    }
}
