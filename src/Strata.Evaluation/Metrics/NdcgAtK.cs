namespace Strata.Evaluation.Metrics;

/// <summary>
/// Binary nDCG@k as Microsoft Recommenders computes it: DCG = Σ over hits of 1/log(1 + rank) (rank 1-based),
/// IDCG = Σ_{i=1..min(k, |relevant|)} 1/log(1 + i). The log base cancels in the ratio.
/// </summary>
public sealed class NdcgAtK(int k) : IUserMetric
{
    public string Name => $"ndcg@{k}";

    public double Measure(UserRanking ranking)
    {
        if (ranking.Relevant.Length == 0) return 0;
        double dcg = 0;
        foreach (var position in ranking.HitPositions) dcg += 1.0 / Math.Log2(position + 2);
        double idcg = 0;
        var ideal = Math.Min(ranking.K, ranking.Relevant.Length);
        for (int i = 0; i < ideal; i++) idcg += 1.0 / Math.Log2(i + 2);
        return dcg / idcg;
    }
}
