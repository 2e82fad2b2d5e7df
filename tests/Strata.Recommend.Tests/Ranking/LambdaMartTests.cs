using CsCheck;
using Strata.Recommend.Ranking;

namespace Strata.Recommend.Tests.Ranking;

/// <summary>LightGBM's LambdaMART trains the trees; Strata walks them in C# and must score exactly as LightGBM does.</summary>
public sealed class LambdaMartTests
{
    private const int Features = 4;
    private static readonly string[] Names = ["a", "b", "c", "d"];

    /// <summary>Groups of 20 rows in which the relevant rows are the ones with a high <c>a</c> and a low <c>c</c> together (an interaction a linear ranker cannot express alone).</summary>
    private static RankingSamples Samples(int groups, int seed)
    {
        var random = new Random(seed);
        var samples = new RankingSamples(Features);
        for (int g = 0; g < groups; g++)
        {
            var rows = new float[20 * Features];
            var labels = new bool[20];
            for (int r = 0; r < 20; r++)
            {
                for (int f = 0; f < Features; f++) rows[r * Features + f] = (float)random.NextDouble();
                labels[r] = rows[r * Features] > 0.6f && rows[r * Features + 2] < 0.4f;
            }
            samples.AddGroup(rows, labels, labels.Count(x => x));
        }
        return samples;
    }

    private static readonly LambdaMartOptions Small = new() { Trees = 30, Leaves = 7, MinRowsInLeaf = 10 };

    [Fact]
    public void The_trees_rank_an_interaction_of_two_features_and_beat_the_best_linear_ranker()
    {
        var train = Samples(200, 1);
        var test = Samples(100, 2);
        var trees = new LambdaMartTrainer(Small).Fit(train, Names)!;
        var linear = new RankerTrainer().Fit(train, Names);
        Assert.True(test.NdcgAt(trees, 10) > 0.9, $"boosted nDCG@10 {test.NdcgAt(trees, 10):F4}");
        Assert.True(test.NdcgAt(trees, 10) > test.NdcgAt(linear, 10));
    }

    [Fact]
    public void The_same_seed_gives_the_same_trees()
    {
        var samples = Samples(50, 3);
        Assert.Equal(new LambdaMartTrainer(Small).Fit(samples, Names)!.ModelText, new LambdaMartTrainer(Small).Fit(samples, Names)!.ModelText);
    }

    [Fact]
    public void Groups_without_a_relevant_row_give_no_trees()
    {
        var samples = new RankingSamples(Features);
        samples.AddGroup(new float[3 * Features], [false, false, false], 0);
        Assert.Null(new LambdaMartTrainer(Small).Fit(samples, Names));
    }

    [Fact]
    public void Walking_the_trees_in_CSharp_scores_exactly_as_LightGBM_including_zeros_and_missing_values()
    {
        var trees = new LambdaMartTrainer(Small).Fit(Samples(200, 4), Names)!;
        var reread = BoostedRanker.Parse(trees.ModelText, Names);
        var value = Gen.OneOf(Gen.Float[-0.5f, 1.5f], Gen.Const(0f), Gen.Const(float.NaN), Gen.Const(0.6f), Gen.Const(0.4f));
        value.Array[Features].Sample(row =>
        {
            var expected = NativeRawScore(trees.ModelText, row);
            Span<float> scratch = stackalloc float[Features];
            Assert.Equal(expected, trees.Score(row, scratch), 1e-5f);
            Assert.Equal(trees.Score(row, scratch), reread.Score(row, scratch));
        });
    }

    private static unsafe float NativeRawScore(string model, float[] row)
    {
        LightGbmNative.Check(LightGbmNative.BoosterLoadModelFromString(model, out _, out var booster));
        try
        {
            double score;
            fixed (float* data = row)
                LightGbmNative.Check(LightGbmNative.BoosterPredictForMat(booster, data, LightGbmNative.Float32, 1, row.Length, 1, 1, 0, -1, "", out _, &score));
            return (float)score;
        }
        finally
        {
            LightGbmNative.BoosterFree(booster);
        }
    }
}
