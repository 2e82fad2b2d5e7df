using Strata.Core.Interactions;
using Strata.Interests.Profiles;

namespace Strata.Recommend.Collaborative;

/// <summary>
/// Scores each item by the training users who first met it (a positive event) within a window before the time the user
/// asks: the latest event of their history, or the latest training event when the history has no times or is later than
/// every training event (a server's live user). Only events before that time count, so a protocol that asks as of a past
/// time sees no later event. Items keep their users' first-met times in ascending order, so a score is two binary searches.
/// </summary>
public sealed class TrendingModel : IRecommender
{
    public const string ModelName = "trend";

    private readonly int[] _offsets;
    private readonly long[] _times;

    /// <param name="offsets">Per item, the start of its first-met times in <paramref name="times"/> (items + 1 entries).</param>
    /// <param name="times">First-met seconds of each (user, item) pair, grouped by item, ascending within an item.</param>
    public TrendingModel(int[] offsets, long[] times, long windowSeconds)
    {
        _offsets = offsets;
        _times = times;
        WindowSeconds = windowSeconds;
        Latest = times.Length == 0 ? 0 : times.Max();
    }

    public string Name => ModelName;
    public long WindowSeconds { get; }
    public int Items => _offsets.Length - 1;

    /// <summary>The latest training event's time: the "now" of a history without times.</summary>
    public long Latest { get; }

    internal (int[] Offsets, long[] Times) Parts => (_offsets, _times);

    public static TrendingModel Fit(EventTable train, EventWeights feedback, TrendingOptions options)
    {
        var (items, times) = FirstMet(train, feedback);
        int itemCount = train.Items.Count;
        var offsets = new int[itemCount + 1];
        foreach (var item in items) offsets[item + 1]++;
        for (int i = 0; i < itemCount; i++) offsets[i + 1] += offsets[i];
        // Sorted by time once, the pairs fill each item's slice in ascending time.
        Array.Sort(times, items);
        var byItem = new long[times.Length];
        var next = offsets[..^1];
        for (int e = 0; e < times.Length; e++) byItem[next[items[e]]++] = times[e];
        return new TrendingModel(offsets, byItem, Math.Max(1, (long)options.Window.TotalSeconds));
    }

    /// <summary>The time each (user, item) pair first had a positive event, as parallel arrays.</summary>
    private static (int[] Items, long[] Times) FirstMet(EventTable train, EventWeights feedback)
    {
        var (userOffsets, rows) = train.RowsByUser();
        var stamp = new int[train.Items.Count];
        var first = new long[train.Items.Count];
        Array.Fill(stamp, -1);
        var items = new List<int>(train.Count);
        var times = new List<long>(train.Count);
        var met = new List<int>();
        for (int u = 0; u + 1 < userOffsets.Length; u++)
        {
            met.Clear();
            for (int k = userOffsets[u]; k < userOffsets[u + 1]; k++)
            {
                var r = rows[k];
                var item = train.ItemIndex[r];
                if (item < 0 || !feedback.IsPositive(train.Types[r], train.Values[r])) continue;
                var seconds = train.Seconds[r];
                if (stamp[item] != u) { stamp[item] = u; first[item] = seconds; met.Add(item); }
                else if (seconds < first[item]) first[item] = seconds;
            }
            foreach (var item in met) { items.Add(item); times.Add(first[item]); }
        }
        return ([.. items], [.. times]);
    }

    /// <summary>The time <paramref name="history"/> asks at: its latest event, at most the latest training event's.</summary>
    public long AsOf(UserHistory history)
    {
        long latest = long.MinValue;
        foreach (var seconds in history.Seconds) latest = Math.Max(latest, seconds);
        return latest <= 0 ? Latest : Math.Min(latest, Latest);
    }

    /// <summary>Users who first met <paramref name="item"/> in (asOf − window, asOf].</summary>
    public float Trend(int item, long asOf)
    {
        var times = _times.AsSpan(_offsets[item], _offsets[item + 1] - _offsets[item]);
        return UpTo(times, asOf) - UpTo(times, asOf - WindowSeconds);
    }

    /// <summary>How many of the ascending <paramref name="times"/> are at or before <paramref name="asOf"/>.</summary>
    private static int UpTo(ReadOnlySpan<long> times, long asOf)
    {
        int lo = 0, hi = times.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (times[mid] <= asOf) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    public void Score(UserHistory history, Span<float> scores)
    {
        var asOf = AsOf(history);
        for (int i = 0; i < scores.Length; i++) scores[i] = i < Items ? Trend(i, asOf) : 0f;
    }
}
