using Strata.Recommend.Collaborative;
using Strata.Recommend.Fusion;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Fusion;

/// <summary>Which collaborative signals Strata's model fits follows the catalogue size and the memory budget.</summary>
public sealed class CollaborativeScaleTests
{
    private static readonly StrataOptions Small = StrataContractTests.Small with
    {
        Edlae = new EaseOptions { DropoutProbability = 0.33, Lambda = 5 },
        Bpr = new BprOptions { Factors = 8, Epochs = 20, Threads = 1 },
        ImplicitAls = new ImplicitAlsOptions { Factors = 8, Regularization = 1, Alpha = 8 },
        Sequential = null,
    };

    private static IReadOnlyList<string> SignalNames(StrataOptions options) =>
        new StrataTrainer(options).FitModel(Checkerboard.Create()).Features.SignalNames;

    [Fact]
    public void Within_the_limit_the_collaborative_signals_are_dense()
    {
        var names = SignalNames(Small with { DenseItemLimit = Checkerboard.Items });
        Assert.Contains("edlae", names);
        Assert.Contains("bpr", names);
        Assert.DoesNotContain("ials", names);
    }

    [Fact]
    public void Above_the_limit_they_are_implicit_ALS_and_item_kNN_with_the_recent_row()
    {
        var names = SignalNames(Small with { DenseItemLimit = Checkerboard.Items - 1 });
        Assert.Contains("ials", names);
        Assert.Contains("itemknn", names);
        Assert.Contains("itemknn.recent", names);
        Assert.DoesNotContain("edlae", names);
        Assert.DoesNotContain("bpr", names);
    }

    [Fact]
    public void A_budget_too_small_for_EDLAE_also_chooses_the_scalable_signals()
    {
        var shape = DataShape.Of(Checkerboard.Create());
        var edlae = new EaseTrainer(Small.Edlae).EstimateBytes(shape);
        Assert.True(new StrataTrainer(Small with { MemoryBudgetBytes = edlae }).UsesDenseCollaborative(shape));
        Assert.False(new StrataTrainer(Small with { MemoryBudgetBytes = edlae - 1 }).UsesDenseCollaborative(shape));
    }

    [Fact]
    public void The_scalable_estimate_grows_with_the_events_not_the_square_of_the_catalogue()
    {
        var scalable = new StrataTrainer(Small with { DenseItemLimit = 0 });
        var small = scalable.EstimateBytes(new DataShape(100_000, 100_000, 10_000_000, 64));
        var wide = scalable.EstimateBytes(new DataShape(100_000, 1_000_000, 10_000_000, 64));
        Assert.True(wide < 12 * small, $"ten times the items took the estimate from {small:N0} to {wide:N0} bytes");
        var dense = new StrataTrainer(Small with { DenseItemLimit = int.MaxValue });
        Assert.True(dense.EstimateBytes(new DataShape(100_000, 100_000, 10_000_000, 64)) > 100L * 100_000 * 100_000 / 10, "dense EDLAE holds n² floats");
    }

    [Fact]
    public void Rankers_learned_from_a_sample_of_the_validation_users_still_rank_the_missing_item_first()
    {
        var data = Checkerboard.Create();
        var model = new StrataTrainer(Small with { MaxRankerUsers = 6 }).FitModel(data);
        var histories = UserHistories.From(data.Train);
        for (int u = 0; u < Checkerboard.Users; u++)
            Assert.Equal(Checkerboard.MissingItem(u), model.Recommend(histories[u], 1, Checkerboard.Items)[0].Item);
    }
}
