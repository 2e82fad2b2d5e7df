namespace Strata.Evaluation.Harness;

/// <summary>
/// Full-ranking positions of a user's relevant items without sorting every candidate: relevant items are ordered once,
/// then each other candidate is placed among them by binary search (O(n log r)). Same order as <see cref="TopK"/>.
/// </summary>
public static class RelevantRanks
{
    /// <param name="relevant">Distinct relevant items.</param>
    /// <returns>0-based positions, ascending, of the relevant items that are candidates.</returns>
    public static int[] Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> excluded, ReadOnlySpan<int> relevant)
    {
        int n = 0;
        foreach (var item in relevant)
            if (!excluded[item]) n++;
        if (n == 0) return [];
        var order = new (float Score, int Item)[n];
        n = 0;
        foreach (var item in relevant)
            if (!excluded[item]) order[n++] = (scores[item], item);
        Array.Sort(order, (a, b) => TopK.Ranks(a.Score, a.Item, b.Score, b.Item) ? -1 : TopK.Ranks(b.Score, b.Item, a.Score, a.Item) ? 1 : 0);
        var ranked = new int[n];
        for (int i = 0; i < n; i++) ranked[i] = order[i].Item;
        var relevantIds = (int[])ranked.Clone();
        Array.Sort(relevantIds);
        // beaten[p] counts non-relevant candidates that rank above relevant #p but not above #p−1.
        var beaten = new int[n + 1];
        for (int item = 0; item < scores.Length; item++)
        {
            if (excluded[item] || Array.BinarySearch(relevantIds, item) >= 0) continue;
            int lo = 0, hi = n;
            while (lo < hi)
            {
                var mid = (lo + hi) >> 1;
                if (TopK.Ranks(scores[item], item, scores[ranked[mid]], ranked[mid])) hi = mid; else lo = mid + 1;
            }
            beaten[lo]++;
        }
        var ranks = new int[n];
        int above = 0;
        for (int p = 0; p < n; p++)
        {
            above += beaten[p];
            ranks[p] = above + p;
        }
        return ranks;
    }
}
