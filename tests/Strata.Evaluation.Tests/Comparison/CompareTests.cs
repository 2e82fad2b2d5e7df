using Strata.Engine;
using Strata.Evaluation.Harness;
using Strata.Evaluation.Reports;

namespace Strata.Evaluation.Tests.Comparison;

/// <summary><c>strata eval --compare</c>: two engine configurations on one split, a paired interval per metric.</summary>
public sealed class CompareTests
{
    private static EvaluationRunOptions Options(string protocol) => new()
    {
        Protocol = protocol,
        EmbeddingModel = "none",
        DiversityCurve = false,
        Threads = 2,
        Resamples = 500,
    };

    private static EngineOptions Config(string kind, double? lambda = null) => new() { Model = new ModelOptions { Kind = kind, EaseLambda = lambda } };

    [Fact]
    public async Task Two_identical_configurations_differ_by_an_interval_that_contains_zero()
    {
        var report = await EvaluationRunner.CompareAsync(Options("random-80-20"), [("A", Config("ease", 500)), ("B", Config("ease", 500))]);

        Assert.Equal(["A", "B"], report.Models.Select(m => m.Name));
        Assert.Equal(7, report.Comparisons!.Count); // every per-user metric of the one test set
        Assert.All(report.Comparisons, c =>
        {
            Assert.Equal(943, c.Difference.Users);
            Assert.InRange(0.0, c.Difference.Low, c.Difference.High);
            Assert.False(c.Difference.ExcludesZero);
            Assert.Equal(c.MeanA, c.MeanB);
        });
        Assert.Contains("\"excludes_zero\": false", JsonReportWriter.Write(report));
    }

    [Fact]
    public async Task A_clearly_different_configuration_gets_an_interval_around_its_difference_that_excludes_zero()
    {
        var report = await EvaluationRunner.CompareAsync(Options("cold-users"), [("pop", Config("pop")), ("itemknn", Config("itemknn"))]);

        var ndcg = report.Comparisons!.Where(c => c.Metric == "ndcg@10").ToList();
        Assert.Equal(["given-1", "given-3", "given-5"], ndcg.Select(c => c.TestSet));
        // The interval is around the observed difference of the two rows' means, paired over the same users.
        Assert.All(ndcg, c =>
        {
            Assert.Equal(c.MeanB - c.MeanA, c.Difference.Difference, 9);
            Assert.InRange(c.Difference.Difference, c.Difference.Low, c.Difference.High);
        });
        // With one given event, popularity beats item-kNN by ≈ 0.10 nDCG@10 (README's cold-users table): B − A is clearly below zero.
        var givenOne = ndcg[0];
        Assert.True(givenOne.Difference.High < 0, $"[{givenOne.Difference.Low}, {givenOne.Difference.High}]");
    }

    [Fact]
    public async Task Compare_needs_two_distinct_configurations()
    {
        await Assert.ThrowsAsync<EvaluationException>(() => EvaluationRunner.CompareAsync(Options("random-80-20"), [("A", Config("pop"))]));
        await Assert.ThrowsAsync<EvaluationException>(() => EvaluationRunner.CompareAsync(Options("random-80-20"), [("A", Config("pop")), ("A", Config("ease"))]));
    }
}
