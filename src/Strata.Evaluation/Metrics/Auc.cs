namespace Strata.Evaluation.Metrics;

/// <summary>
/// Per-user ranking AUC: the share of (relevant, non-relevant) candidate pairs in which the relevant item ranks higher,
/// from the non-relevant candidates above each relevant one (the i-th best relevant item at position p has p − i of them;
/// equal scores count half, see <see cref="UserRanking.NegativesAbove"/>). 0.5 is a random ranking; users with no
/// non-relevant or no relevant candidate score 0.5.
/// </summary>
public sealed class Auc : IUserMetric
{
    public string Name => "auc";

    public double Measure(UserRanking ranking)
    {
        var relevant = ranking.RelevantRanks.Length;
        var negatives = ranking.CandidateCount - relevant;
        if (relevant == 0 || negatives <= 0) return 0.5;
        return 1.0 - ranking.NegativesAbove / ((double)relevant * negatives);
    }
}
