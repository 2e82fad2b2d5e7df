using Strata.Interests.Profiles;

namespace Strata.Recommend.Explanations;

/// <summary>
/// Builds explanations: the item's interest path, and the user's events with the largest positive contribution to the
/// item's collaborative score — those in the item's own meso group first, then the strongest others (ties to the lower
/// item index). Every named event has a positive contribution, so removing the named events lowers the item's
/// collaborative score (faithfulness), and a positive weight <c>w(type, value)</c>: an item the user disliked or rated
/// low is never given as a reason (its latest event decides).
/// </summary>
public sealed class Explainer(InterestPaths paths, IItemContributions contributions, EventWeights? weights = null, int maxEvents = 3)
{
    private readonly EventWeights _weights = weights ?? EventWeights.Default;

    public Explanation Explain(UserHistory history, int item) => Explain(history, [new ScoredItem(item, 0f)])[0].Explanation;

    /// <summary>
    /// Explains each item of a ranked list. The history is read once (the latest positive event per distinct item, the one
    /// a user recognises); then per item only its contributions are read, keeping the best few in a small sorted buffer.
    /// </summary>
    public Recommendation[] Explain(UserHistory history, IReadOnlyList<ScoredItem> ranked)
    {
        var sources = LatestPositiveEvents(history);
        var result = new Recommendation[ranked.Count];
        Span<int> best = stackalloc int[maxEvents];
        Span<float> bestContribution = stackalloc float[maxEvents];
        Span<bool> bestSame = stackalloc bool[maxEvents];
        for (int r = 0; r < result.Length; r++)
        {
            var item = ranked[r].Item;
            var meso = paths.MesoOf(item);
            int kept = 0;
            foreach (var e in sources)
            {
                var source = history.Items[e];
                var contribution = contributions.Contribution(source, item);
                if (!(contribution > 0)) continue;
                var same = paths.MesoOf(source) == meso;
                // Insertion into the buffer ordered by (same interest, contribution, lower item) — best first.
                int at = kept;
                while (at > 0 && Before(same, contribution, source, bestSame[at - 1], bestContribution[at - 1], history.Items[best[at - 1]])) at--;
                if (at >= maxEvents) continue;
                for (int k = Math.Min(kept, maxEvents - 1); k > at; k--)
                {
                    best[k] = best[k - 1];
                    bestContribution[k] = bestContribution[k - 1];
                    bestSame[k] = bestSame[k - 1];
                }
                best[at] = e;
                bestContribution[at] = contribution;
                bestSame[at] = same;
                kept = Math.Min(kept + 1, maxEvents);
            }
            var events = new ExplainingEvent[kept];
            for (int k = 0; k < kept; k++)
                events[k] = new ExplainingEvent(history.Items[best[k]], history.Types[best[k]], history.Seconds[best[k]], bestContribution[k], bestSame[k]);
            var explanation = new Explanation(paths.MacroLabel(paths.MacroOfMeso(meso)), paths.MesoLabel(meso), events);
            result[r] = new Recommendation(item, ranked[r].Score, explanation);
        }
        return result;
    }

    private static bool Before(bool same, float contribution, int item, bool otherSame, float otherContribution, int otherItem) =>
        same != otherSame ? same : contribution != otherContribution ? contribution > otherContribution : item < otherItem;

    /// <summary>Indices of the latest event of each distinct catalogue item when that event weighs positively, latest first.</summary>
    private List<int> LatestPositiveEvents(UserHistory history)
    {
        var events = new List<int>(history.Count);
        var seen = new HashSet<int>(history.Count);
        for (int e = history.Count - 1; e >= 0; e--)
        {
            var source = history.Items[e];
            if ((uint)source < (uint)paths.ItemCount && seen.Add(source) && _weights.Weigh(history.Types[e], history.Values[e]) > 0)
                events.Add(e);
        }
        return events;
    }
}
