using Strata.Evaluation.Metrics;
using Strata.Evaluation.Reports;
using Strata.Evaluation.Splits;

namespace Strata.Evaluation.Harness;

/// <summary>
/// The accuracy–diversity trade-off of a model with a diversity knob: for each knob value, the model's lists for every
/// test user are scored with the list metrics (precision, recall, nDCG, MAP, HR at k; coverage, diversity, novelty).
/// Full-ranking metrics (MRR, AUC) do not apply to a re-ordered list and are left out.
/// </summary>
public static class DiversityCurve
{
    /// <summary>Knob values of the reported curve: 0 (pure score) to 1 (strict proportional allocation).</summary>
    public static IReadOnlyList<double> DefaultKnobs { get; } = [0, 0.25, 0.5, 0.75, 1];

    public static IReadOnlyList<DiversityPoint> Measure(Func<double, ListRecommender> atKnob, IReadOnlyList<double> knobs, TestSet set,
        EvaluationSplit split, float[]? itemVectors, int dimensions, EvaluationOptions options, CancellationToken cancellationToken = default)
    {
        var k = options.K;
        IUserMetric[] listMetrics = [new PrecisionAtK(k), new RecallAtK(k), new NdcgAtK(k), new MeanAveragePrecision(), new HitRateAtK(k)];
        var context = new MeasureContext(split, itemVectors, dimensions);
        var points = new List<DiversityPoint>();
        foreach (var knob in knobs)
        {
            var recommend = atKnob(knob);
            var cases = set.Cases;
            var lists = new int[cases.Count][];
            var values = new double[listMetrics.Length, cases.Count];
            Parallel.For(0, cases.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken }, c =>
            {
                var query = cases[c];
                var list = recommend(query.History, query.Excluded, k);
                if (list.Length > k || list.Any(i => Array.IndexOf(query.Excluded, i) >= 0))
                    throw new InvalidOperationException($"The list recommender returned {list.Length} items or an excluded item (k = {k}).");
                lists[c] = list;
                // Only list positions are known: ranks of relevant items beyond the list are not, so no MRR/AUC here.
                var ranking = new UserRanking(list, query.Relevant, [], context.CatalogSize, k);
                for (int m = 0; m < listMetrics.Length; m++) values[m, c] = listMetrics[m].Measure(ranking);
            });
            var metrics = new Dictionary<string, double>();
            for (int m = 0; m < listMetrics.Length; m++)
            {
                double sum = 0;
                for (int c = 0; c < cases.Count; c++) sum += values[m, c];
                metrics[listMetrics[m].Name] = cases.Count == 0 ? double.NaN : sum / cases.Count;
            }
            metrics[CatalogCoverage.Name] = CatalogCoverage.Measure(lists, context.CatalogSize);
            metrics[IntraListDiversity.Name] = context.MeanDiversity(lists);
            metrics[Novelty.Name] = context.MeanNovelty(lists);
            points.Add(new DiversityPoint(knob, metrics));
        }
        return points;
    }
}
