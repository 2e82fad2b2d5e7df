namespace Strata.Evaluation.Metrics;

/// <summary>The per-user metrics every report carries, in report order, and the report keys of the list-level ones.</summary>
public static class StandardMetrics
{
    public static IReadOnlyList<IUserMetric> PerUser(int k) =>
        [new PrecisionAtK(k), new RecallAtK(k), new NdcgAtK(k), new MeanAveragePrecision(), new HitRateAtK(k), new ReciprocalRank(), new Auc()];

    /// <summary>Every report key in order: the per-user metrics, then coverage, diversity, novelty.</summary>
    public static IReadOnlyList<string> Keys(int k) =>
        [.. PerUser(k).Select(m => m.Name), CatalogCoverage.Name, IntraListDiversity.Name, Novelty.Name];
}
