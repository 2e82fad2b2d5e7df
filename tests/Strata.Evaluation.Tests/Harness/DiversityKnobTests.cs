using Strata.Evaluation.Harness;
using Strata.Recommend.Collaborative;

namespace Strata.Evaluation.Tests.Harness;

/// <summary>The serving pipeline's diversity knob, measured through the harness on real data (MostPopular keeps it cheap).</summary>
[Collection(MovieLens100kCollection.Name)]
public sealed class DiversityKnobTests(MovieLens100kFixture data)
{
    [Fact]
    public void Knob_zero_serves_the_score_order_and_knob_one_spreads_lists_over_more_items()
    {
        var split = data.Recommenders;
        var options = new EvaluationOptions();
        var (model, _) = EvaluationHarness.Fit(split, new MostPopularTrainer(), null, 0);
        var scored = new EvaluationHarness(options).Evaluate(model, "pop", split, null, 0, 0)[0].Metrics;
        var curve = DiversityCurve.Measure(ModelRoster.DiversityKnob(model, split.Catalog, null, 0), [0, 1], split.TestSets[0], split, null, 0, options);
        Assert.Equal(scored["ndcg@10"], curve[0].Metrics["ndcg@10"], 12);
        Assert.Equal(scored["coverage"], curve[0].Metrics["coverage"], 12);
        // Popularity gives everyone nearly the same list; allocating slots across each user's genres cannot shrink that.
        Assert.True(curve[1].Metrics["coverage"] > curve[0].Metrics["coverage"]);
    }
}
