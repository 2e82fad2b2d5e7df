namespace Strata.Recommend;

/// <summary>Conveniences over the one-verb <see cref="IRecommender"/> seam.</summary>
public static class RecommenderExtensions
{
    /// <summary>
    /// The model's top <paramref name="k"/> items for a user, best first, never an item of the user's history
    /// (when <paramref name="excludeHistory"/>) nor one in <paramref name="exclude"/>.
    /// </summary>
    public static ScoredItem[] Recommend(this IRecommender model, UserHistory history, int k, int catalogSize,
        ReadOnlySpan<int> exclude = default, bool excludeHistory = true)
    {
        var scores = new float[catalogSize];
        model.Score(history, scores);
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
