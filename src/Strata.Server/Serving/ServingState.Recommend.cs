using Strata.Core.Domain;
using Strata.Engine;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Recommend;
using Strata.Recommend.Explanations;
using Strata.Server.Contracts;

namespace Strata.Server.Serving;

internal sealed partial class ServingState
{
    /// <summary>
    /// Explained recommendations for a stored user from their live history and profile; null when the user is unknown.
    /// The list is the top <c>offset + n</c> that the filter admits, less its first <c>offset</c>; seen items are left out
    /// by <paramref name="seen"/>. The last answer per user is cached until the user's history changes (its length is the
    /// generation, so an applied event or a delete invalidates it at once) or the query differs: repeated reads cost a
    /// lookup, and live updates stay exact. A fresh answer carries the user's <see cref="HistoryMemo"/>, so it adds only
    /// the rows of items new since their last answer. <paramref name="model"/> (an experiment's variant,
    /// <see cref="ModelFor"/>) answers instead of the main model when given.
    /// </summary>
    public RecommendationsResponse? RecommendForUser(string storedUserId, string externalUserId, int n, int offset, float diversity, ListFilter filter, SeenPolicy seen,
        ExplainedRecommender? model = null)
    {
        var recommender = model ?? _engine;
        var key = new AnswerKey(n, offset, diversity, filter.Key, seen.Key, recommender);
        var mesoProbability = new float[Taxonomy.MesoCount];
        var excluded = _items.Excluded(filter);
        // A memo holds the main model's partial sums: another model starts from the history alone.
        if (_users.Query(storedUserId, key, withMemo: recommender == _engine, seen, excluded, mesoProbability) is not { } query) return null;
        if (query.Cached is { } cached) return cached;
        var items = recommender.Recommend(query.History!, n + offset, diversity, Indices(excluded), excludeHistory: seen.ExcludesAll);
        var response = new RecommendationsResponse(externalUserId, Version, diversity, Describe(items[Math.Min(offset, items.Length)..], mesoProbability, "of your interest"));
        _users.Remember(storedUserId, query.Generation, key, response);
        return response;
    }

    /// <summary>Explained recommendations from an anonymous session's events (nothing is stored).</summary>
    public RecommendationsResponse RecommendForSession(IReadOnlyList<Event> events, int n, float diversity, ListFilter filter)
    {
        var profile = new InterestProfile(ProfileContext);
        var live = new LiveHistory();
        foreach (var e in events.OrderBy(e => e.Timestamp))
        {
            if (e.ItemId is null || Items.IndexOf(e.ItemId) is var item && item < 0) continue;
            var value = e.Value is { } v ? (float)v : float.NaN;
            var seconds = e.Timestamp.ToUnixTimeSeconds();
            profile.Apply(item, e.Type, value, seconds);
            live.Add(item, e.Type, value, seconds);
        }
        var mesoProbability = new float[Taxonomy.MesoCount];
        if (profile.EventCount > 0) profile.LevelDistribution(InterestLevel.Meso, mesoProbability);
        var items = _engine.Recommend(live.ToHistory(), n, diversity, Indices(_items.Excluded(filter)));
        return new RecommendationsResponse(null, Version, diversity, Describe(items, mesoProbability, "of this session's interest"));
    }

    /// <summary>Cold start: items close to the text in meaning, spread across the interests the text matches.</summary>
    public RecommendationsResponse RecommendForText(float[] query, int n, float diversity, ListFilter filter)
    {
        var snapshot = TextProfile.FromVector(Taxonomy, query);
        var mesoProbability = new float[Taxonomy.MesoCount];
        foreach (var node in snapshot.Meso) mesoProbability[node.NodeId - Taxonomy.MacroCount] = node.Probability;
        var items = _engine.RecommendForQuery(query, mesoProbability, n, diversity, _items.Excluded(filter));
        return new RecommendationsResponse(null, Version, diversity, Describe(items, mesoProbability, "of what your words match"));
    }

    /// <summary>
    /// Wire form of explained recommendations: the interest path, a one-line reason with the share of the user's interest
    /// (<c>P_u(meso)</c>) the item's meso node holds, and the user's own events that carry it (from the pipeline's explainer).
    /// </summary>
    private List<RecommendationDto> Describe(Recommendation[] items, float[] mesoProbability, string whose)
    {
        var result = new List<RecommendationDto>(items.Length);
        foreach (var recommendation in items)
        {
            var explanation = recommendation.Explanation;
            var meso = _engine.Paths.MesoOf(recommendation.Item);
            var because = explanation.Events.Select(e => new EvidenceDto(Catalog[e.Item].Id, Catalog[e.Item].Title, e.Type.Name(),
                DateTimeOffset.FromUnixTimeSeconds(e.Seconds), e.Contribution)).ToArray();
            var reason = $"{explanation.Meso} holds {mesoProbability[meso]:P0} {whose}";
            var item = Catalog[recommendation.Item];
            result.Add(new RecommendationDto(item.Id, item.Title, recommendation.Score, new ExplanationDto(explanation.Macro, explanation.Meso, reason, because)));
        }
        return result;
    }

    private static int[] Indices(bool[] excluded)
    {
        var indices = new List<int>();
        for (int i = 0; i < excluded.Length; i++) if (excluded[i]) indices.Add(i);
        return [.. indices];
    }
}
