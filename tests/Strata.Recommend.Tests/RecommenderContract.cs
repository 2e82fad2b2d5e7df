using CsCheck;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests;

/// <summary>
/// What every <see cref="IRecommender"/> must honour (implicit's RecommenderBaseTestMixin), run on the checker board.
/// Each model's test class only says how to build its trainer.
/// </summary>
public abstract class RecommenderContract
{
    protected abstract IRecommenderTrainer CreateTrainer();

    /// <summary>False for models that ignore who asks (popularity).</summary>
    protected virtual bool Personalised => true;

    private IRecommender Fit() => CreateTrainer().Fit(Checkerboard.Create());

    private static UserHistory HistoryOf(RecommenderData data, int user) => UserHistories.From(data.Train)[user];

    [Fact]
    public void The_memory_estimate_never_shrinks_as_the_data_grows()
    {
        var trainer = CreateTrainer();
        Gen.Select(Gen.Int[1, 1_000_000], Gen.Int[1, 1_000_000], Gen.Long[0, 100_000_000], Gen.Int[0, 1024]).Sample((users, items, events, dimensions) =>
        {
            var shape = new DataShape(users, items, events, dimensions);
            var estimate = trainer.EstimateBytes(shape);
            Assert.True(estimate >= 0);
            Assert.True(trainer.EstimateBytes(shape with { Items = items * 2 }) >= estimate);
            Assert.True(trainer.EstimateBytes(shape with { Events = events * 2 }) >= estimate);
            Assert.True(trainer.EstimateBytes(shape with { Users = users * 2 }) >= estimate);
        });
    }

    [Fact]
    public void Scores_fill_the_catalogue_without_nan()
    {
        var data = Checkerboard.Create();
        var model = CreateTrainer().Fit(data);
        var scores = new float[Checkerboard.Items];
        for (int u = 0; u < Checkerboard.Users; u++)
        {
            scores.AsSpan().Fill(float.NaN);
            model.Score(HistoryOf(data, u), scores);
            Assert.DoesNotContain(scores, float.IsNaN);
        }
    }

    [Fact]
    public void Top_recommendation_is_the_item_missing_from_the_users_block()
    {
        if (!Personalised) return;
        var data = Checkerboard.Create();
        var model = CreateTrainer().Fit(data);
        for (int u = 0; u < Checkerboard.Users; u++)
            Assert.Equal(Checkerboard.MissingItem(u), model.Recommend(HistoryOf(data, u), 1, Checkerboard.Items)[0].Item);
    }

    [Fact]
    public void Unknown_user_with_a_history_gets_items_of_that_history_block()
    {
        if (!Personalised) return;
        var model = Fit();
        var history = UserHistory.OfItems(-1, 0, 2, 4, 6);
        var top = model.Recommend(history, 3, Checkerboard.Items);
        Assert.Equal(3, top.Length);
        Assert.All(top, s => Assert.Equal(0, s.Item % 2));
    }

    [Fact]
    public void Unknown_user_with_no_history_gets_finite_or_unscorable_scores()
    {
        var model = Fit();
        var scores = new float[Checkerboard.Items];
        model.Score(UserHistory.OfItems(-1), scores);
        Assert.All(scores, s => Assert.True(float.IsFinite(s) || float.IsNegativeInfinity(s)));
    }

    /// <summary>
    /// Saved with <see cref="Persistence.ModelFile"/> and read back, the model answers every unknown user's query (what a
    /// server asks) exactly as the fitted one, and the file is read to its end.
    /// </summary>
    [Fact]
    public void A_saved_model_reads_back_scoring_exactly_as_fitted()
    {
        var data = Checkerboard.Create();
        var model = CreateTrainer().Fit(data);
        using var file = new MemoryStream();
        Persistence.ModelFile.Write(file, model, "fitted at 42");
        file.Position = 0;
        Assert.Equal("fitted at 42", Persistence.ModelFile.ReadStamp(file));
        var loaded = Persistence.ModelFile.ReadModel(file, data);
        Assert.Equal(file.Length, file.Position);
        Assert.Equal(model.Name, loaded.Name);
        Gen.Int[0, Checkerboard.Items - 1].Array[0, 12].Sample(items =>
        {
            var history = UserHistory.OfItems(-1, items);
            var expected = new float[Checkerboard.Items];
            var actual = new float[Checkerboard.Items];
            model.Score(history, expected);
            loaded.Score(history, actual);
            Assert.Equal(expected, actual);
        }, iter: 50);
    }

    [Fact]
    public void Fitting_twice_gives_the_same_scores()
    {
        var data = Checkerboard.Create();
        var a = new float[Checkerboard.Items];
        var b = new float[Checkerboard.Items];
        CreateTrainer().Fit(data).Score(HistoryOf(data, 3), a);
        CreateTrainer().Fit(data).Score(HistoryOf(data, 3), b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Recommendations_are_distinct_sorted_and_never_seen_or_excluded()
    {
        var data = Checkerboard.Create();
        var model = CreateTrainer().Fit(data);
        Gen.Select(Gen.Int[0, Checkerboard.Users - 1], Gen.Int[0, 25], Gen.Int[0, Checkerboard.Items - 1].Array[0, 5])
            .Sample((user, k, exclude) =>
            {
                var history = HistoryOf(data, user);
                var top = model.Recommend(history, k, Checkerboard.Items, exclude);
                Assert.True(top.Length <= k);
                Assert.Equal(top.Length, top.Select(s => s.Item).Distinct().Count());
                Assert.DoesNotContain(top, s => history.Items.Contains(s.Item) || exclude.Contains(s.Item));
                for (int r = 1; r < top.Length; r++) Assert.True(top[r - 1].Score >= top[r].Score);
            });
    }
}
