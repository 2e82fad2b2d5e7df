namespace Strata.Evaluation.Metrics;

/// <summary>
/// "MAP" as Microsoft Recommenders' <c>map_at_k</c> (and the 75/25 split's README) define it:
/// Σ over hits in the top-k list of (hit number / rank), divided by the user's number of relevant items —
/// all of them, not min(k, |relevant|). The harness averages it over users.
/// </summary>
public sealed class MeanAveragePrecision : IUserMetric
{
    public string Name => "map";

    public double Measure(UserRanking ranking)
    {
        if (ranking.Relevant.Length == 0) return 0;
        double sum = 0;
        for (int hit = 0; hit < ranking.HitPositions.Length; hit++)
            sum += (hit + 1.0) / (ranking.HitPositions[hit] + 1.0);
        return sum / ranking.Relevant.Length;
    }
}
