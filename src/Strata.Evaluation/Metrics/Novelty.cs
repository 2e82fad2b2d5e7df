namespace Strata.Evaluation.Metrics;

/// <summary>
/// Novelty of one list: mean over its items of −log₂ p(i), where p(i) = training users who interacted with i / training users
/// (Microsoft Recommenders' <c>novelty</c>). An item no training user touched counts as touched by one user, so the value stays finite.
/// </summary>
public static class Novelty
{
    public const string Name = "novelty";

    /// <param name="list">The recommended items.</param>
    /// <param name="userCounts">Per item index, how many distinct training users interacted with it.</param>
    /// <param name="userTotal">Number of training users.</param>
    public static double Measure(ReadOnlySpan<int> list, int[] userCounts, int userTotal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userTotal);
        if (list.IsEmpty) return double.NaN;
        double sum = 0;
        foreach (var item in list) sum -= Math.Log2(Math.Max(1, userCounts[item]) / (double)userTotal);
        return sum / list.Length;
    }
}
