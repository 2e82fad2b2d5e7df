using CsCheck;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Fusion;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Fusion;

public sealed class HistoryLengthTests
{
    private static StrataOptions Options(params int[] truncated) => new()
    {
        CandidatesPerSource = 6,
        PopularCandidates = 2,
        Validation = new() { HoldoutFraction = 0.3, MinimumItems = 3, ColdUserFraction = 0.3 },
        Edlae = new EaseOptions { DropoutProbability = 0.33, LambdaCandidates = [0.5, 5] },
        ItemKnn = new ItemKnnOptions { Neighbours = 10 },
        Bpr = new BprOptions { Factors = 8, Epochs = 50, Threads = 1 },
        TruncatedHistories = truncated,
    };

    [Fact]
    public void Buckets_split_lengths_at_their_bounds()
    {
        Gen.Select(Gen.Int[1, 20].Array[0, 4], Gen.Int[0, 100]).Sample((raw, length) =>
        {
            var bounds = raw.Distinct().Order().ToArray();
            var buckets = new HistoryBuckets(bounds);
            var b = buckets.Of(length);
            Assert.InRange(b, 0, bounds.Length);
            if (b > 0) Assert.True(length >= bounds[b - 1]);
            if (b < bounds.Length) Assert.True(length < bounds[b]);
        });
        Assert.Equal(["≤2", "3–7", "≥8"], Enumerable.Range(0, 3).Select(new HistoryBuckets([3, 8]).Label));
    }

    /// <summary>
    /// Checker-board users fit on six items (three of nine held out), so only truncated histories of cold validation users
    /// (their first item) fill the shortest bucket: without them it has no groups to choose a signal on.
    /// </summary>
    [Fact]
    public void Truncated_validation_histories_give_short_history_buckets_a_ranker_of_their_own()
    {
        var data = Checkerboard.Create();
        var truncated = new StrataTrainer(Options(1, 3, 5)).FitModel(data);
        var fullOnly = new StrataTrainer(Options()).FitModel(data);

        Assert.Equal(3, truncated.Selection.Count);
        Assert.Equal(3, truncated.Rankers.Count);
        Assert.NotEqual("", truncated.Selection[0].Prior);
        Assert.True(truncated.Selection[0].PriorNdcg > 0);
        Assert.Equal("", fullOnly.Selection[0].Prior);
        Assert.Equal(0, fullOnly.Selection[0].PriorNdcg);
        Assert.NotEqual("", fullOnly.Selection[1].Prior);
    }
}
