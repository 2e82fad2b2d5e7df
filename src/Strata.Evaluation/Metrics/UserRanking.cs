namespace Strata.Evaluation.Metrics;

/// <summary>
/// One test user's outcome, the input of every per-user metric: the top-k list a model returned and where the user's
/// relevant items landed in the full ranking of candidates (all items not excluded for that user).
/// </summary>
public sealed class UserRanking
{
    /// <param name="recommended">The top-k list, best first (shorter than <paramref name="k"/> only when there are fewer candidates).</param>
    /// <param name="relevant">The user's relevant items (distinct; any order).</param>
    /// <param name="relevantRanks">0-based positions of the relevant items that are candidates in the full ranking (any order).
    /// Relevant items that are not candidates (excluded as seen) have no rank.</param>
    /// <param name="candidateCount">How many items were ranked for the user.</param>
    /// <param name="k">The cut-off of the list metrics (precision@k divides by it).</param>
    /// <param name="negativesAbove">Summed over the ranked relevant items: non-relevant candidates scored higher, ties counted
    /// half. Null derives it from the ranks (no ties).</param>
    public UserRanking(int[] recommended, int[] relevant, int[] relevantRanks, int candidateCount, int k, double? negativesAbove = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (recommended.Length > k) throw new ArgumentException($"The list holds {recommended.Length} items, more than k = {k}.", nameof(recommended));
        Recommended = recommended;
        Relevant = relevant.Distinct().Order().ToArray();
        RelevantRanks = relevantRanks.Order().ToArray();
        CandidateCount = candidateCount;
        K = k;
        var hits = new List<int>();
        for (int position = 0; position < recommended.Length; position++)
            if (Array.BinarySearch(Relevant, recommended[position]) >= 0) hits.Add(position);
        HitPositions = hits.ToArray();
        double above = 0;
        for (int i = 0; i < RelevantRanks.Length; i++) above += RelevantRanks[i] - i;
        NegativesAbove = negativesAbove ?? above;
    }

    /// <summary>The top-k list, best first.</summary>
    public int[] Recommended { get; }

    /// <summary>Relevant items, sorted ascending, distinct.</summary>
    public int[] Relevant { get; }

    /// <summary>0-based full-ranking positions of the relevant candidates, sorted ascending.</summary>
    public int[] RelevantRanks { get; }

    /// <summary>Number of ranked candidates.</summary>
    public int CandidateCount { get; }

    /// <summary>List cut-off.</summary>
    public int K { get; }

    /// <summary>Summed over the ranked relevant items: non-relevant candidates above each, score ties counted half (for AUC).</summary>
    public double NegativesAbove { get; }

    /// <summary>0-based positions in <see cref="Recommended"/> that hold a relevant item, ascending.</summary>
    public int[] HitPositions { get; }

    /// <summary>
    /// Builds the outcome from a full ranking of every candidate (best first): the list is its first k entries and
    /// each relevant item's rank is its position. For tests and for callers that sort all candidates.
    /// </summary>
    public static UserRanking FromFullRanking(int[] ranking, int[] relevant, int k)
    {
        var ranks = new List<int>();
        for (int position = 0; position < ranking.Length; position++)
            if (Array.IndexOf(relevant, ranking[position]) >= 0) ranks.Add(position);
        return new UserRanking(ranking[..Math.Min(k, ranking.Length)], relevant, ranks.ToArray(), ranking.Length, k);
    }
}
