using Strata.Recommend.Collaborative;
using Strata.Recommend.Tests.Support;
using Strata.Recommend.Validation;

namespace Strata.Recommend.Tests.Validation;

public sealed class ValidationSplitTests
{
    [Fact]
    public void Cold_validation_users_leave_the_fit_entirely_and_hold_out_every_item()
    {
        var train = Checkerboard.Create().Train;
        var split = ValidationSplit.Carve(train, new ValidationOptions { HoldoutFraction = 0.3, MinimumItems = 3, ColdUserFraction = 0.5 }, Strata.Interests.Profiles.EventWeights.Default);
        var (offsets, rows) = train.RowsByUser();
        int cold = 0;
        for (int u = 0; u < train.Users.Count; u++)
        {
            var fitRows = Enumerable.Range(0, split.Fit.Count).Count(r => split.Fit.UserIndex[r] == u);
            var items = rows[offsets[u]..offsets[u + 1]].Select(r => train.ItemIndex[r]).Distinct().Order().ToArray();
            if (split.IsCold(u))
            {
                cold++;
                Assert.Equal(0, fitRows);
                Assert.Equal(items, split.HeldOutOf(u).ToArray());
            }
            else
            {
                Assert.Equal(items.Length - split.HeldOutOf(u).Length, fitRows);
                Assert.Equal((int)Math.Round(items.Length * 0.3), split.HeldOutOf(u).Length);
            }
        }
        Assert.InRange(cold, 1, train.Users.Count - 1);
    }

    [Fact]
    public void Validation_ndcg_scores_warm_users_only()
    {
        var data = Checkerboard.Create();
        var options = new ValidationOptions { HoldoutFraction = 0.3, MinimumItems = 3 };
        var warm = ValidationSplit.Carve(data.Train, options, Strata.Interests.Profiles.EventWeights.Default);
        var allCold = ValidationSplit.Carve(data.Train, options with { ColdUserFraction = 1 }, Strata.Interests.Profiles.EventWeights.Default);
        var trainer = new EaseTrainer(new EaseOptions { Lambda = 0.5 });

        Assert.True(warm.NdcgAt(trainer.Fit(data with { Train = warm.Fit }), 10) > 0.5);
        // Every user is cold: nothing is fitted and nobody is scored (an empty history is no query for tuning λ).
        Assert.Equal(0, allCold.Fit.Count);
        Assert.Equal(0.0, allCold.NdcgAt(trainer.Fit(data with { Train = allCold.Fit }), 10));
    }

    /// <summary>Ranks the user's own block first for users of even items and the other block first for the rest.</summary>
    private sealed class HalfRight : IRecommender
    {
        public string Name => "half-right";

        public void Score(UserHistory history, Span<float> scores)
        {
            var parity = history.Items.Length > 0 ? history.Items[0] % 2 : 0;
            for (int i = 0; i < scores.Length; i++) scores[i] = (i % 2 == parity) == (parity == 0) ? 1 + 0.01f * i : 0.01f * i;
        }
    }

    [Fact]
    public void Validation_ndcg_scores_a_seeded_sample_of_users_when_asked_and_averages_over_it()
    {
        var data = Checkerboard.Create();
        var options = new ValidationOptions { HoldoutFraction = 0.3, MinimumItems = 3 };
        var all = ValidationSplit.Carve(data.Train, options with { MaxScoredUsers = 0 }, Strata.Interests.Profiles.EventWeights.Default);
        var roomy = ValidationSplit.Carve(data.Train, options with { MaxScoredUsers = Checkerboard.Users }, Strata.Interests.Profiles.EventWeights.Default);
        var five = ValidationSplit.Carve(data.Train, options with { MaxScoredUsers = 5 }, Strata.Interests.Profiles.EventWeights.Default);
        var model = new HalfRight();
        Assert.Equal(all.NdcgAt(model, 10), roomy.NdcgAt(model, 10));
        Assert.InRange(all.NdcgAt(model, 10), 0.3, 0.7);
        // Each user scores near 1 or near 0: five of them average to about a multiple of 1/5.
        var sampled = five.NdcgAt(model, 10);
        Assert.Equal(sampled, five.NdcgAt(model, 10));
        Assert.True(Math.Abs(5 * sampled - Math.Round(5 * sampled)) < 0.35, $"5 × {sampled} is not near a whole number of users");
    }

    [Fact]
    public void Latest_holdout_of_one_takes_each_users_last_item()
    {
        var train = Checkerboard.Create().Train;
        var split = ValidationSplit.Carve(train, new ValidationOptions { HoldOutLatest = true, HoldoutCount = 1, MinimumItems = 3 }, Strata.Interests.Profiles.EventWeights.Default);
        var (offsets, rows) = train.RowsByUser();
        for (int u = 0; u < train.Users.Count; u++)
        {
            var last = rows[offsets[u]..offsets[u + 1]].MaxBy(r => train.Seconds[r]);
            Assert.Equal([train.ItemIndex[last]], split.HeldOutOf(u).ToArray());
        }
    }
}
