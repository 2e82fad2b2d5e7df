namespace Strata.Evaluation.Metrics;

/// <summary>precision@k = hits in the top-k list / k (Microsoft Recommenders: always divided by k, even for short lists).</summary>
public sealed class PrecisionAtK(int k) : IUserMetric
{
    public string Name => $"precision@{k}";

    public double Measure(UserRanking ranking) => (double)ranking.HitPositions.Length / ranking.K;
}
