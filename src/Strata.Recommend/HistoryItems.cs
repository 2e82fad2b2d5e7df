using System.Buffers;
using Strata.Interests.Profiles;

namespace Strata.Recommend;

/// <summary>The distinct positive items of a history, as every implicit-feedback model reads it.</summary>
public static class HistoryItems
{
    // Up to this many events a linear scan of the items found so far beats clearing a catalogue-sized mark array.
    private const int ScanLimit = 64;

    /// <summary>Distinct items with a positive event (<paramref name="feedback"/>), in first-seen order; items outside the catalogue are ignored.</summary>
    public static int[] DistinctPositive(UserHistory history, int catalogSize, EventWeights feedback)
    {
        var result = new int[history.Count];
        int count = 0;
        bool[]? marks = history.Count > ScanLimit ? ArrayPool<bool>.Shared.Rent(catalogSize) : null;
        if (marks is not null) Array.Clear(marks, 0, catalogSize);
        for (int e = 0; e < history.Count; e++)
        {
            var item = history.Items[e];
            if ((uint)item >= (uint)catalogSize || !feedback.IsPositive(history.Types[e], history.Values[e])) continue;
            if (marks is not null)
            {
                if (marks[item]) continue;
                marks[item] = true;
            }
            else if (Array.IndexOf(result, item, 0, count) >= 0) continue;
            result[count++] = item;
        }
        if (marks is not null) ArrayPool<bool>.Shared.Return(marks);
        return count == result.Length ? result : result[..count];
    }
}
