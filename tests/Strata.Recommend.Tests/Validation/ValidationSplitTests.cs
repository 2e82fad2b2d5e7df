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
