namespace Strata.Evaluation.Harness;

/// <summary>
/// One model's numbers on one test set. <see cref="Metrics"/> keeps report order (precision@k, recall@k, ndcg@k, map, hr@k,
/// mrr, auc, coverage, diversity, novelty, then protocol extras); a NaN means "not measurable" (e.g. diversity without item vectors).
/// </summary>
/// <param name="Name">Model name.</param>
/// <param name="TestSet">Test set name (<c>test</c>, or <c>given-1</c>… for cold users).</param>
/// <param name="Metrics">Report key → mean over the test users.</param>
/// <param name="FitSeconds">Wall time of the fit on the training split.</param>
/// <param name="RecommendMsP50">Median per-user time to score and select the top k, in milliseconds.</param>
/// <param name="RecommendMsP99">99th percentile of the same.</param>
/// <param name="Users">Number of test users averaged over.</param>
/// <param name="PerUser">Report key → each test case's value, in the test set's case order (what paired comparisons between models resample); null when not kept.</param>
public sealed record ModelResult(
    string Name,
    string TestSet,
    IReadOnlyDictionary<string, double> Metrics,
    double FitSeconds,
    double RecommendMsP50,
    double RecommendMsP99,
    int Users,
    IReadOnlyDictionary<string, double[]>? PerUser = null);
