using CsCheck;
using Strata.Recommend.Ranking;

namespace Strata.Recommend.Tests.Ranking;

public sealed class RankerTrainerTests
{
    private static readonly string[] Names = ["signal", "anti", "noise"];

    /// <summary>Groups whose relevant rows are the top 3 by the hidden score 2·x₀ − x₁ (x₂ is noise).</summary>
    private static RankingSamples Synthetic(int groups, int seed)
    {
        var random = new Random(seed);
        var samples = new RankingSamples(3);
        const int rows = 30;
        for (int g = 0; g < groups; g++)
        {
            var x = new float[rows * 3];
            var truth = new float[rows];
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < 3; c++) x[r * 3 + c] = (float)(random.NextDouble() * 2 - 1);
                truth[r] = 2 * x[r * 3] - x[r * 3 + 1];
            }
            var order = Enumerable.Range(0, rows).OrderByDescending(r => truth[r]).ToArray();
            var labels = new bool[rows];
            for (int t = 0; t < 3; t++) labels[order[t]] = true;
            samples.AddGroup(x, labels, 3);
        }
        return samples;
    }

    [Fact]
    public void Learns_the_direction_of_a_known_scoring_rule()
    {
        var ranker = new RankerTrainer(new RankerOptions { LearningRate = 0.05f }).Fit(Synthetic(300, 1), Names);
        var w = ranker.Weights;
        Assert.True(w[0] > 0 && w[1] < 0, $"weights {w[0]}, {w[1]}");
        Assert.InRange(w[0] / -w[1], 1.5, 2.7);
        Assert.True(Math.Abs(w[2]) < 0.15 * w[0], $"noise weight {w[2]} vs {w[0]}");
    }

    [Fact]
    public void Learned_ranker_beats_its_zero_prior_on_fresh_groups()
    {
        var trainer = new RankerTrainer(new RankerOptions { LearningRate = 0.05f });
        var learned = trainer.Fit(Synthetic(200, 2), Names);
        var fresh = Synthetic(100, 3);
        var prior = trainer.Prior(fresh, Names, [0f, 0f, 1f]);
        Assert.True(fresh.NdcgAt(learned, 3) > 0.9);
        Assert.True(fresh.NdcgAt(learned, 3) > fresh.NdcgAt(prior, 3) + 0.3);
    }

    [Fact]
    public void Without_groups_to_learn_from_the_prior_is_returned()
    {
        var samples = Synthetic(5, 4);
        var ranker = new RankerTrainer().Fit(samples, Names, [1f, 0f, 0f], includeGroup: _ => false);
        var prior = new RankerTrainer().Prior(samples, Names, [1f, 0f, 0f]);
        Assert.Equal(prior.Weights.ToArray(), ranker.Weights.ToArray());
    }

    /// <summary>Coordinate ascent only keeps moves that raise nDCG on the groups it learns from, so it never ends below its start.</summary>
    [Fact]
    public void Training_ndcg_never_falls_below_the_prior()
    {
        Gen.Select(Gen.Int[1, 1000], Gen.Float[-1f, 1f].Array[3]).Sample((seed, prior) =>
        {
            var samples = Synthetic(20, seed);
            var trainer = new RankerTrainer(new RankerOptions { Epochs = 5, AscentRounds = 2 });
            var learned = trainer.Fit(samples, Names, prior);
            Assert.True(samples.NdcgAt(learned, 10) >= samples.NdcgAt(trainer.Prior(samples, Names, prior), 10) - 1e-9);
        }, iter: 30);
    }

    [Fact]
    public void Averaging_rankers_averages_their_weights_and_refuses_mixed_standardisations()
    {
        var samples = Synthetic(10, 5);
        var trainer = new RankerTrainer();
        var a = trainer.Prior(samples, Names, [1f, 0f, 0f]);
        var b = trainer.Prior(samples, Names, [0f, 1f, 0f]);
        var mean = LinearRanker.Average([a, b]);
        for (int f = 0; f < 3; f++) Assert.Equal((a.Weights[f] + b.Weights[f]) / 2, mean.Weights[f], 1e-6f);

        var other = trainer.Prior(Synthetic(10, 6), Names, [1f, 0f, 0f]);
        Assert.Throws<ArgumentException>(() => LinearRanker.Average([a, other]));
    }
}
