using Strata.Evaluation.Harness;

namespace Strata.Evaluation.Tests.Harness;

public sealed class DiversityCurveTests
{
    private static readonly float[] Scores = [6, 5, 4, 3, 2, 1];

    /// <summary>Knob 0: the score order; knob 1: the reverse order (a stand-in for any re-ranking).</summary>
    private static ListRecommender AtKnob(double knob) => (history, excluded, k) =>
    {
        var order = Enumerable.Range(0, Scores.Length).Where(i => Array.IndexOf(excluded, i) < 0).OrderByDescending(i => Scores[i]);
        return (knob < 0.5 ? order : order.Reverse()).Take(k).ToArray();
    };

    [Fact]
    public void At_pure_score_order_the_list_metrics_equal_the_harness_numbers()
    {
        var split = EvaluationHarnessTests.TinySplit();
        var options = new EvaluationOptions { K = 2 };
        var scored = new EvaluationHarness(options).Run(split, new FixedScoreTrainer(Scores), null, 0)[0].Metrics;
        var point = DiversityCurve.Measure(AtKnob, [0], split.TestSets[0], split, null, 0, options)[0];
        foreach (var (key, value) in point.Metrics)
            if (double.IsFinite(value)) Assert.Equal(scored[key], value, 12);
        Assert.DoesNotContain("mrr", point.Metrics.Keys);
        Assert.DoesNotContain("auc", point.Metrics.Keys);
    }

    [Fact]
    public void Each_knob_gets_its_own_point_measured_on_its_own_lists()
    {
        var split = EvaluationHarnessTests.TinySplit();
        var curve = DiversityCurve.Measure(AtKnob, [0, 1], split.TestSets[0], split, null, 0, new EvaluationOptions { K = 2 });
        Assert.Equal([0.0, 1.0], curve.Select(p => p.Knob));
        // Reversed: a gets [5, 4] (hit 5 at rank 1 of 2 relevant), b gets [5, 4] (no hit).
        Assert.Equal(0.25, curve[1].Metrics["precision@2"], 12);
        Assert.Equal(0.25, curve[1].Metrics["recall@2"], 12);
        Assert.Equal(2.0 / 6, curve[1].Metrics["coverage"], 12);
    }

    [Fact]
    public void A_list_holding_an_excluded_item_is_an_error()
    {
        var split = EvaluationHarnessTests.TinySplit();
        Assert.ThrowsAny<Exception>(() => DiversityCurve.Measure(_ => (_, _, _) => [0, 1], [0], split.TestSets[0], split, null, 0, new EvaluationOptions { K = 2 }));
    }
}
