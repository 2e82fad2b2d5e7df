namespace Strata.Evaluation.Metrics;

/// <summary>
/// MRR's per-user term: 1 / (1-based rank of the best-ranked relevant item in the full ranking of candidates), 0 when no
/// relevant item is a candidate. Computed over the full ranking (not cut at k), as next-item papers report MRR.
/// </summary>
public sealed class ReciprocalRank : IUserMetric
{
    public string Name => "mrr";

    public double Measure(UserRanking ranking) =>
        ranking.RelevantRanks.Length == 0 ? 0 : 1.0 / (ranking.RelevantRanks[0] + 1);
}
