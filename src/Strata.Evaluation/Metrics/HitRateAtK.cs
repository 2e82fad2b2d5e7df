namespace Strata.Evaluation.Metrics;

/// <summary>HR@k: 1 when at least one relevant item is in the top-k list, else 0 (averaged: the share of users with a hit).</summary>
public sealed class HitRateAtK(int k) : IUserMetric
{
    public string Name => $"hr@{k}";

    public double Measure(UserRanking ranking) => ranking.HitPositions.Length > 0 ? 1 : 0;
}
