using CsCheck;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class EaseUserScoresTests
{
    /// <summary>
    /// A known user's query that adds items to their training history or drops some of it scores the same from the kept
    /// training sum as by summing its rows afresh; unknown users and users outside the budget take the plain path.
    /// </summary>
    [Fact]
    public void Kept_training_sums_give_the_same_scores_as_summing_the_history()
    {
        var data = Checkerboard.Create();
        var plain = new EaseTrainer(new EaseOptions { Lambda = 0.5, UserScoreBudgetBytes = 0 }).FitModel(data);
        var matrix = InteractionMatrix.From(data.Train, Strata.Interests.Profiles.EventWeights.Default);
        var kept = plain.WithUserScores(matrix, budgetBytes: 10L * Checkerboard.Items * sizeof(float), minimumItems: 1);
        Assert.Equal(0, plain.CachedUsers);
        Assert.Equal(10, kept.CachedUsers);

        Gen.Select(Gen.Int[-1, Checkerboard.Users - 1], Gen.Int[0, Checkerboard.Items - 1].Array[0, 15]).Sample((user, items) =>
        {
            var history = UserHistory.OfItems(user, items);
            var expected = new float[Checkerboard.Items];
            var actual = new float[Checkerboard.Items];
            plain.Score(history, expected);
            kept.Score(history, actual);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-4f);
        });
    }
}
