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
        var excluded = _items.Excluded(filter);
        var scores = new float[ItemCount];
        _users.PopularityScores(scores);
        var top = new int[Math.Min(n, scores.Length)];
        var found = TopK.Select(scores, top, excluded);
        var result = new List<ListedItem>(found);
        for (int r = 0; r < found; r++) result.Add(_items.Listed(top[r], (int)scores[top[r]]));
        return result;
    }

    /// <summary>
    /// The n newest items the filter admits: those added since the fit (newest first), then the fitted catalogue from the
    /// last item to enter the store to the first.
    /// </summary>
    public IReadOnlyList<ListedItem> Latest(int n, ListFilter filter) => _items.Latest(n, filter, _users.PopularityOf);
}
