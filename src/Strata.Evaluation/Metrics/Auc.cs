namespace Strata.Evaluation.Metrics;

/// <summary>
/// Per-user ranking AUC: the share of (relevant, non-relevant) candidate pairs in which the relevant item ranks higher,
/// from the relevant items' full-ranking positions: the i-th best relevant item (0-based) at position p has p − i
/// non-relevant items above it. 0.5 is a random ranking; users with no non-relevant or no relevant candidate score 0.5.
/// </summary>
public sealed class Auc : IUserMetric
{
    public string Name => "auc";

    public double Measure(UserRanking ranking)
    {
        var relevant = ranking.RelevantRanks.Length;
        var negatives = ranking.CandidateCount - relevant;
        if (relevant == 0 || negatives <= 0) return 0.5;
        double negativesAbove = 0;
        for (int i = 0; i < relevant; i++) negativesAbove += ranking.RelevantRanks[i] - i;
        return 1.0 - negativesAbove / ((double)relevant * negatives);
    }
}
