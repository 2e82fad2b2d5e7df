namespace Strata.Recommend;

/// <summary>The distinct positive items of a history, as every implicit-feedback model reads it.</summary>
public static class HistoryItems
{
    /// <summary>Distinct items with a positive event, in first-seen order; items outside the catalogue are ignored.</summary>
    public static int[] DistinctPositive(UserHistory history, int catalogSize)
    {
        var result = new int[history.Count];
        int count = 0;
        for (int e = 0; e < history.Count; e++)
        {
            var item = history.Items[e];
            if ((uint)item >= (uint)catalogSize || !Collaborative.InteractionMatrix.IsPositive(history.Types[e], item)) continue;
            if (Array.IndexOf(result, item, 0, count) < 0) result[count++] = item;
        }
        return count == result.Length ? result : result[..count];
    }
}
