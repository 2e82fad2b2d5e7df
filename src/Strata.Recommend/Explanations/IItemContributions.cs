namespace Strata.Recommend.Explanations;

/// <summary>
/// A model whose score for an item is a sum over the user's history items (EASE, item-kNN): the term one history item
/// adds is its contribution, so removing a history item with a positive contribution lowers the score by exactly that.
/// </summary>
public interface IItemContributions
{
    /// <summary>How much having <paramref name="historyItem"/> adds to <paramref name="item"/>'s score.</summary>
    float Contribution(int historyItem, int item);
}
