namespace Strata.Recommend.Explanations;

/// <summary>
/// Builds explanations: the item's interest path, and the user's events with the largest positive contribution to the
/// item's collaborative score — those in the item's own meso group first, then the strongest others. Every named event
/// has a positive contribution, so removing the named events lowers the item's collaborative score (faithfulness).
/// </summary>
public sealed class Explainer(InterestPaths paths, IItemContributions contributions, int maxEvents = 3)
{
    public Explanation Explain(UserHistory history, int item)
    {
        var meso = paths.MesoOf(item);
        var candidates = new List<ExplainingEvent>();
        var seen = new HashSet<int>();
        // Latest event per history item: the one a user recognises.
        for (int e = history.Count - 1; e >= 0; e--)
        {
            var source = history.Items[e];
            if ((uint)source >= (uint)paths.ItemCount || !Collaborative.InteractionMatrix.IsPositive(history.Types[e], source) || !seen.Add(source)) continue;
            var contribution = contributions.Contribution(source, item);
            if (contribution > 0)
                candidates.Add(new ExplainingEvent(source, history.Types[e], history.Seconds[e], contribution, paths.MesoOf(source) == meso));
        }
        var chosen = candidates
            .OrderByDescending(c => c.SameInterest)
            .ThenByDescending(c => c.Contribution)
            .ThenBy(c => c.Item)
            .Take(maxEvents)
            .ToArray();
        return new Explanation(paths.MacroLabel(paths.MacroOfMeso(meso)), paths.MesoLabel(meso), chosen);
    }

    /// <summary>Explains each item of a ranked list.</summary>
    public Recommendation[] Explain(UserHistory history, IReadOnlyList<ScoredItem> ranked)
    {
        var result = new Recommendation[ranked.Count];
        for (int r = 0; r < result.Length; r++) result[r] = new Recommendation(ranked[r].Item, ranked[r].Score, Explain(history, ranked[r].Item));
        return result;
    }
}
