using Strata.Interests.Profiles;
using CsCheck;
using Strata.Core.Domain;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Explanations;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Explanations;

[Collection(RecommendersSplitCollection.Name)]
public sealed class ExplainerTests(RecommendersSplit split)
{
    private static InterestPaths GenrePaths(int items, Func<int, string[]> genres) =>
        InterestPaths.FromCategories(Enumerable.Range(0, items)
            .Select(i => new Item($"i{i}", $"Item {i}", genres(i), [], Item.Empty, Item.Empty, CategoriesAreFlat: true)).ToArray());

    [Fact]
    public void Removing_the_events_an_explanation_names_lowers_the_items_score()
    {
        var model = EaseTrainer.Edlae().FitModel(split.Data);
        var items = split.Train.Items.Count;
        var paths = GenrePaths(items, i => [i % 3 == 0 ? "Drama" : "Comedy", i % 2 == 0 ? "Romance" : "War"]);
        var explainer = new Explainer(paths, model);
        var before = new float[items];
        var after = new float[items];
        int explained = 0;
        for (int u = 0; u < split.Histories.Length; u += 9)
        {
            var history = split.Histories[u];
            foreach (var top in model.Recommend(history, 3, items))
            {
                var explanation = explainer.Explain(history, top.Item);
                Assert.NotEmpty(explanation.Events);
                Assert.Equal(paths.MesoLabel(paths.MesoOf(top.Item)), explanation.Meso);
                var named = explanation.Events.Select(e => e.Item).ToHashSet();
                var kept = Enumerable.Range(0, history.Count).Where(e => !named.Contains(history.Items[e])).ToArray();
                var reduced = new UserHistory(history.User, kept.Select(e => history.Items[e]).ToArray(), kept.Select(e => history.Types[e]).ToArray(),
                    kept.Select(e => history.Values[e]).ToArray(), kept.Select(e => history.Seconds[e]).ToArray());
                model.Score(history, before);
                model.Score(reduced, after);
                var drop = explanation.Events.Sum(e => e.Contribution);
                Assert.True(after[top.Item] < before[top.Item], $"user {u} item {top.Item}: {before[top.Item]} → {after[top.Item]}");
                Assert.Equal(before[top.Item] - drop, after[top.Item], 1e-3);
                explained++;
            }
        }
        Assert.True(explained > 250);
    }

    [Fact]
    public void Events_in_the_items_own_interest_come_first()
    {
        var model = new EaseTrainer(new EaseOptions { Lambda = 1 }).FitModel(Checkerboard.Create());
        var paths = GenrePaths(Checkerboard.Items, i => [i % 2 == 0 ? "Even" : "Odd", i < 10 ? "Low" : "High"]);
        var history = UserHistory.OfItems(-1, 0, 2, 4, 12, 14);
        var explanation = new Explainer(paths, model, maxEvents: 5).Explain(history, 16);
        Assert.Equal("Even › Even / High", explanation.Path);
        var flags = explanation.Events.Select(e => e.SameInterest).ToArray();
        Assert.Equal(flags.OrderByDescending(f => f), flags);
        Assert.Contains(explanation.Events, e => e.Item is 12 or 14 && e.SameInterest);
        Assert.All(explanation.Events, e => Assert.True(e.Contribution > 0));
    }

    /// <summary>
    /// The list explainer (one pass over the history, a small sorted buffer per item) names exactly the events of the plain
    /// definition: latest event per distinct item when it weighs positively (a low rating or a dislike is never a
    /// reason), positive contribution, own interest first, then larger contribution, then lower item index.
    /// </summary>
    [Fact]
    public void Explanations_equal_the_plain_definition_for_any_history()
    {
        var model = new EaseTrainer(new EaseOptions { Lambda = 1 }).FitModel(Checkerboard.Create());
        var paths = GenrePaths(Checkerboard.Items, i => [i % 3 == 0 ? "A" : "B", i < 10 ? "Low" : "High"]);
        EventType[] types = [EventType.Click, EventType.Rating, EventType.Dislike, EventType.Search];
        Gen.Select(Gen.Select(Gen.Int[0, Checkerboard.Items - 1], Gen.Int[0, types.Length - 1]).Array[0, 30], Gen.Int[0, Checkerboard.Items - 1].Array[1, 6], Gen.Int[1, 4])
            .Sample((events, ranked, maxEvents) =>
            {
                var history = new UserHistory(-1, [.. events.Select(e => e.Item1)], [.. events.Select(e => types[e.Item2])],
                    [.. events.Select((e, k) => (float)((e.Item1 + k) % 6))], [.. events.Select((_, k) => 1000L + k)]);
                var explained = new Explainer(paths, model, maxEvents: maxEvents).Explain(history, [.. ranked.Select(i => new ScoredItem(i, 1f))]);
                for (int r = 0; r < ranked.Length; r++)
                    Assert.Equal(PlainDefinition(history, ranked[r], paths, model, maxEvents), explained[r].Explanation.Events);
            });
    }

    private static ExplainingEvent[] PlainDefinition(UserHistory history, int item, InterestPaths paths, IItemContributions contributions, int maxEvents)
    {
        var meso = paths.MesoOf(item);
        var latest = new Dictionary<int, int>();
        for (int e = history.Count - 1; e >= 0; e--) latest.TryAdd(history.Items[e], e);
        return latest.Values.Where(e => EventWeights.Default.Weigh(history.Types[e], history.Values[e]) > 0)
            .Select(e => new ExplainingEvent(history.Items[e], history.Types[e], history.Seconds[e], contributions.Contribution(history.Items[e], item),
                paths.MesoOf(history.Items[e]) == meso))
            .Where(c => c.Contribution > 0)
            .OrderByDescending(c => c.SameInterest).ThenByDescending(c => c.Contribution).ThenBy(c => c.Item)
            .Take(maxEvents).ToArray();
    }
}
