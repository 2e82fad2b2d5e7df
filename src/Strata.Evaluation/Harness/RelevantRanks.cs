namespace Strata.Evaluation.Harness;

/// <summary>
/// Full-ranking positions of a user's relevant items without sorting every candidate: relevant items are ordered once,
/// then each other candidate is placed among them by binary search (O(n log r)). Same order as <see cref="TopK"/>.
/// </summary>
public static class RelevantRanks
{
    /// <param name="relevant">Distinct relevant items.</param>
    /// <returns>
    /// Ranks: 0-based positions, ascending, of the relevant items that are candidates. NegativesAbove: summed over those
    /// items, the non-relevant candidates scored strictly higher plus half of those scored equal (AUC's tie rule, so a model
    /// that leaves most items at −∞ is not judged by item index).
    /// </returns>
    public static (int[] Ranks, double NegativesAbove) Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> excluded, ReadOnlySpan<int> relevant)
    {
        int n = 0;
        foreach (var item in relevant)
            if (!excluded[item]) n++;
        if (n == 0) return ([], 0);
        var order = new (float Score, int Item)[n];
        n = 0;
        foreach (var item in relevant)
            if (!excluded[item]) order[n++] = (scores[item], item);
        Array.Sort(order, (a, b) => TopK.Ranks(a.Score, a.Item, b.Score, b.Item) ? -1 : TopK.Ranks(b.Score, b.Item, a.Score, a.Item) ? 1 : 0);
        var relevantIds = new int[n];
        for (int i = 0; i < n; i++) relevantIds[i] = order[i].Item;
        Array.Sort(relevantIds);
        // beaten[p]: non-relevant candidates placed between relevant #p−1 and #p by the list order (ties to the lower index).
        // strict[p] / equal[p]: difference arrays over relevant positions of candidates scored strictly higher / equal.
        var beaten = new int[n + 1];
        var strict = new int[n + 1];
        var equal = new int[n + 1];
        for (int item = 0; item < scores.Length; item++)
        {
            if (excluded[item] || Array.BinarySearch(relevantIds, item) >= 0) continue;
            var score = scores[item];
            beaten[FirstOutranked(order, score, item)]++;
            var firstLower = FirstScored(order, score, orEqual: false);
            var firstNotHigher = FirstScored(order, score, orEqual: true);
            strict[firstLower]++;
            equal[firstNotHigher]++;
            equal[firstLower]--;
        }
        var ranks = new int[n];
        int above = 0, strictAbove = 0, tied = 0;
        double negativesAbove = 0;
        for (int p = 0; p < n; p++)
        {
            above += beaten[p];
            strictAbove += strict[p];
            tied += equal[p];
            ranks[p] = above + p;
            negativesAbove += strictAbove + 0.5 * tied;
        }
        return (ranks, negativesAbove);
    }

    /// <summary>First position in <paramref name="order"/> (best first) whose item the candidate (score, item) outranks.</summary>
    private static int FirstOutranked((float Score, int Item)[] order, float score, int item)
    {
        int lo = 0, hi = order.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (TopK.Ranks(score, item, order[mid].Score, order[mid].Item)) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    /// <summary>First position in <paramref name="order"/> (scores descending) scored below <paramref name="score"/> (or equal to it, with <paramref name="orEqual"/>).</summary>
    private static int FirstScored((float Score, int Item)[] order, float score, bool orEqual)
    {
        int lo = 0, hi = order.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >> 1;
            if (order[mid].Score < score || (orEqual && order[mid].Score == score)) hi = mid; else lo = mid + 1;
        }
        return lo;
    }
}
