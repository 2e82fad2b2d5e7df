using Strata.Evaluation.Harness;
using Strata.Recommend.Collaborative;

namespace Strata.Evaluation.Tests.Harness;

/// <summary>
/// The golden check of both EASE and the metrics: EASE with λ = 500 on Microsoft Recommenders' ML-100K split, scored by
/// Recommenders' own <c>python_evaluation</c>, gives nDCG@10 0.4829, precision@10 0.4198, recall@10 0.2277, MAP 0.1491.
/// </summary>
[Collection(MovieLens100kCollection.Name)]
public sealed class GoldenEaseTests(MovieLens100kFixture data)
{
    [Fact]
    public void Ease_lambda_500_reproduces_the_reference_numbers_on_recommenders_75_25()
    {
        var harness = new EvaluationHarness(new EvaluationOptions());
        var result = Assert.Single(harness.Run(data.Recommenders, new EaseTrainer(new EaseOptions { Lambda = 500 }), null, 0));
        Assert.Equal(943, result.Users);
        Assert.Equal(0.4829, result.Metrics["ndcg@10"], 0.002);
        Assert.Equal(0.4198, result.Metrics["precision@10"], 0.002);
        Assert.Equal(0.2277, result.Metrics["recall@10"], 0.002);
        Assert.Equal(0.1491, result.Metrics["map"], 0.002);
    }

    [Fact]
    public void Parallel_scoring_gives_the_same_numbers_as_one_thread()
    {
        var trainer = new MostPopularTrainer();
        var one = new EvaluationHarness(new EvaluationOptions { MaxDegreeOfParallelism = 1 }).Run(data.LeaveLastOut, trainer, null, 0)[0];
        var two = new EvaluationHarness(new EvaluationOptions { MaxDegreeOfParallelism = 2 }).Run(data.LeaveLastOut, trainer, null, 0)[0];
        Assert.Equal(one.Metrics, two.Metrics);
        Assert.InRange(one.Metrics["hr@10"], 0.0, 1.0);
    }
}
