namespace Strata.Recommend.Fusion;

/// <summary>
/// History-length buckets: a user with n distinct history items falls in the first bucket whose exclusive upper bound
/// exceeds n, or the last bucket. Bounds [3, 8] give ≤2, 3–7 and ≥8 items. Strata picks its ranker per bucket because
/// the best signal for a user with one event (popularity) is not the best for a user with fifty (EDLAE).
/// </summary>
public sealed record HistoryBuckets(IReadOnlyList<int> UpperBounds)
{
    public int Count => UpperBounds.Count + 1;

    /// <summary>The bucket of a history of <paramref name="length"/> distinct items.</summary>
    public int Of(int length)
    {
        for (int b = 0; b < UpperBounds.Count; b++) if (length < UpperBounds[b]) return b;
        return UpperBounds.Count;
    }

    /// <summary>A readable label such as "≤2", "3–7" or "≥8".</summary>
    public string Label(int bucket)
    {
        var low = bucket == 0 ? 0 : UpperBounds[bucket - 1];
        if (bucket == UpperBounds.Count) return $"≥{low}";
        var high = UpperBounds[bucket] - 1;
        return bucket == 0 ? $"≤{high}" : $"{low}–{high}";
    }
}
