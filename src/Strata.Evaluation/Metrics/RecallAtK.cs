namespace Strata.Evaluation.Metrics;

/// <summary>recall@k = hits in the top-k list / number of relevant items (Microsoft Recommenders).</summary>
public sealed class RecallAtK(int k) : IUserMetric
{
    public string Name => $"recall@{k}";

    public double Measure(UserRanking ranking) =>
        ranking.Relevant.Length == 0 ? 0 : (double)ranking.HitPositions.Length / ranking.Relevant.Length;
}
