namespace Strata.Evaluation.Harness;

/// <summary>
/// Full-ranking positions of a user's relevant items without sorting every candidate: relevant items are ordered once,
/// then each other candidate is placed among them by binary search (O(n log r)). Same order as <see cref="TopK"/>.
/// </summary>
public static class RelevantRanks
{
    /// <returns>0-based positions, ascending, of the relevant items that are candidates.</returns>
    public static int[] Compute(ReadOnlySpan<float> scores, ReadOnlySpan<bool> excluded, ReadOnlySpan<int> relevant)
    {
        var ranked = new List<int>(relevant.Length);
        foreach (var item in relevant)
            if (!excluded[item]) ranked.Add(item);
        if (ranked.Count == 0) return [];
        var s = scores.ToArray();
        ranked.Sort((a, b) => TopK.Ranks(s[a], a, s[b], b) ? -1 : TopK.Ranks(s[b], b, s[a], a) ? 1 : 0);
        var isRelevant = new HashSet<int>(ranked);
        // beaten[p] counts non-relevant candidates that rank above relevant #p but not above #p−1.
        var beaten = new int[ranked.Count + 1];
        for (int item = 0; item < scores.Length; item++)
        {
            if (excluded[item] || isRelevant.Contains(item)) continue;
            int lo = 0, hi = ranked.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) >> 1;
                if (TopK.Ranks(scores[item], item, scores[ranked[mid]], ranked[mid])) hi = mid; else lo = mid + 1;
            }
            beaten[lo]++;
        }
        var ranks = new int[ranked.Count];
        int above = 0;
        for (int p = 0; p < ranked.Count; p++)
        {
            above += beaten[p];
            ranks[p] = above + p;
        }
        return ranks;
    }
}
