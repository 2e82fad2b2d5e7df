using Strata.Recommend;
using Strata.Server.Contracts;

namespace Strata.Server.Serving;

internal sealed partial class ServingState
{
    /// <summary>
    /// The n items with the most positive events (weight above zero: views, clicks, purchases, good ratings…) that the
    /// filter admits, most first (ties by catalogue order); items nobody has touched are not popular.
    /// </summary>
    public IReadOnlyList<ListedItem> Popular(int n, ListFilter filter)
    {
        var excluded = Excluded(filter);
        var scores = new float[Catalog.Count];
        lock (_profilesLock)
            for (int i = 0; i < scores.Length; i++) scores[i] = _popularity[i] > 0 ? _popularity[i] : float.NegativeInfinity;
        var top = new int[Math.Min(n, scores.Length)];
        var found = TopK.Select(scores, top, excluded);
        var result = new List<ListedItem>(found);
        for (int r = 0; r < found; r++) result.Add(Listed(top[r], (int)scores[top[r]]));
        return result;
    }

    /// <summary>
    /// The n newest items the filter admits: those added since the fit (newest first), then the fitted catalogue from the
    /// last item to enter the store to the first.
    /// </summary>
    public IReadOnlyList<ListedItem> Latest(int n, ListFilter filter)
    {
        var result = new List<ListedItem>(n);
        foreach (var added in _addedItems.Values.OrderByDescending(a => a.Order))
        {
            if (result.Count == n) return result;
            if (Items.IndexOf(added.Item.Id) < 0 && filter.Admits(added.Item))
                result.Add(new ListedItem(added.Item.Id, added.Item.Title, added.Item.Categories, 0));
        }
        lock (_profilesLock)
            for (int i = Catalog.Count - 1; i >= 0 && result.Count < n; i--)
                if (filter.Admits(Catalog[i])) result.Add(Listed(i, _popularity[i]));
        return result;
    }

    /// <summary>Catalogue items (by index) that a list under <paramref name="filter"/> may not show.</summary>
    private bool[] Excluded(ListFilter filter)
    {
        var excluded = new bool[Catalog.Count];
        if (filter.Categories.Count > 0)
            for (int i = 0; i < excluded.Length; i++) excluded[i] = !filter.Admits(Catalog[i]);
        foreach (var id in filter.Hidden.Concat(filter.Exclude))
            if (Items.IndexOf(id) is var index and >= 0) excluded[index] = true;
        return excluded;
    }

    private static int[] Indices(bool[] excluded)
    {
        var indices = new List<int>();
        for (int i = 0; i < excluded.Length; i++) if (excluded[i]) indices.Add(i);
        return [.. indices];
    }

    private ListedItem Listed(int index, int events) => new(Catalog[index].Id, Catalog[index].Title, Catalog[index].Categories, events);

    private void CountPopularity(LiveHistory history, int sign)
    {
        for (int e = 0; e < history.Count; e++)
            if (ProfileContext.Weights.Weigh(history.Types[e], history.Values[e]) > 0) _popularity[history.Items[e]] += sign;
    }
}
