namespace Strata.Recommend;

/// <summary>Conveniences over the one-verb <see cref="IRecommender"/> seam.</summary>
public static class RecommenderExtensions
{
    /// <summary>
    /// The model's top <paramref name="k"/> items for a user, best first, never an item of the user's history
    /// (when <paramref name="excludeHistory"/>) nor one in <paramref name="exclude"/>. A <see cref="ITopItems"/> model
    /// answers without scoring the whole catalogue; the answer is the same.
    /// </summary>
    public static ScoredItem[] Recommend(this IRecommender model, UserHistory history, int k, int catalogSize,
        ReadOnlySpan<int> exclude = default, bool excludeHistory = true)
    {
        if (excludeHistory && model is ITopItems top) return top.TopItems(history, k, catalogSize, exclude);
        var scores = new float[catalogSize];
        model.Score(history, scores);
        return Select(scores, history, k, exclude, excludeHistory);
    }

    /// <summary>Top <paramref name="k"/> of a score vector after masking the history (optionally) and <paramref name="exclude"/>; modifies <paramref name="scores"/>.</summary>
    public static ScoredItem[] Select(float[] scores, UserHistory history, int k, ReadOnlySpan<int> exclude, bool excludeHistory = true)
    {
        var catalogSize = scores.Length;
        if (excludeHistory)
            foreach (var item in history.Items) if ((uint)item < (uint)catalogSize) scores[item] = float.NegativeInfinity;
        foreach (var item in exclude) if ((uint)item < (uint)catalogSize) scores[item] = float.NegativeInfinity;
        var top = new int[Math.Min(k, catalogSize)];
        var count = TopK.Select(scores, top);
        var result = new ScoredItem[count];
        for (int r = 0; r < count; r++) result[r] = new ScoredItem(top[r], scores[top[r]]);
        return result;
    }
}

/// <summary>
/// A model that can answer "top k unseen items" without scoring every catalogue item, with exactly the answer of
/// scoring them all (<see cref="RecommenderExtensions.Recommend"/> uses it).
/// </summary>
public interface ITopItems
{
    ScoredItem[] TopItems(UserHistory history, int k, int catalogSize, ReadOnlySpan<int> exclude);
}
