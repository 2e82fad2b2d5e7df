using CsCheck;
using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Interests.Profiles;
using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class TrendingContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() => new TrendingTrainer();
    protected override bool Personalised => false;
}

/// <summary>The trend is the users who first met an item in the window before the time asked, never after it.</summary>
public sealed class TrendingModelTests
{
    private const long Day = 86_400;

    private static EventTable Table(int users, int items, IEnumerable<(int User, int Item, long Seconds, EventType Type)> events)
    {
        var builder = new EventTable.Builder();
        for (int u = 0; u < users; u++) builder.Users.GetOrAdd($"u{u}");
        for (int i = 0; i < items; i++) builder.Items.GetOrAdd($"i{i}");
        foreach (var (user, item, seconds, type) in events) builder.Add($"u{user}", $"i{item}", type, null, seconds);
        return builder.Build();
    }

    private static UserHistory AskedAt(long seconds) =>
        new(-1, [0], [EventType.Click], [float.NaN], [seconds]);

    [Fact]
    public void Only_first_positive_events_inside_the_window_before_the_time_asked_count()
    {
        var table = Table(4, 2,
        [
            (0, 0, 10 * Day, EventType.Click),
            (0, 0, 40 * Day, EventType.Click),       // the same user again: counted once, at day 10
            (1, 0, 35 * Day, EventType.Click),
            (2, 0, 50 * Day, EventType.Click),       // after the time asked below: invisible
            (3, 0, 36 * Day, EventType.Dislike),     // not positive
            (3, 1, 20 * Day, EventType.Purchase),
        ]);
        var model = TrendingModel.Fit(table, EventWeights.Default, new TrendingOptions { Window = TimeSpan.FromDays(30) });

        Assert.Equal(2f, model.Trend(0, 39 * Day));   // days 10 and 35 in (9, 39]
        Assert.Equal(1f, model.Trend(0, 40 * Day));   // day 10 left the window (10, 40]
        Assert.Equal(2f, model.Trend(0, 50 * Day));   // days 35 and 50
        Assert.Equal(1f, model.Trend(1, 39 * Day));
        Assert.Equal(0f, model.Trend(1, 50 * Day));
        Assert.Equal(0f, model.Trend(0, 9 * Day));
    }

    [Fact]
    public void A_history_asks_at_its_latest_event_capped_at_the_latest_training_event()
    {
        var table = Table(2, 1, [(0, 0, 5 * Day, EventType.Click), (1, 0, 9 * Day, EventType.Click)]);
        var model = TrendingModel.Fit(table, EventWeights.Default, new TrendingOptions());

        Assert.Equal(9 * Day, model.Latest);
        Assert.Equal(6 * Day, model.AsOf(new UserHistory(-1, [0, 0], [EventType.Click, EventType.Click], [float.NaN, float.NaN], [2 * Day, 6 * Day])));
        Assert.Equal(9 * Day, model.AsOf(AskedAt(400 * Day)));
        Assert.Equal(9 * Day, model.AsOf(UserHistory.OfItems(-1, 0)));
        Assert.Equal(9 * Day, model.AsOf(UserHistory.OfItems(-1)));
    }

    [Fact]
    public void A_score_is_the_count_of_first_met_times_in_the_window()
    {
        var gen = from events in Gen.Select(Gen.Int[0, 9], Gen.Int[0, 11], Gen.Long[1, 90 * Day]).Array[1, 80]
                  from asOf in Gen.Long[1, 100 * Day]
                  from windowDays in Gen.Int[1, 40]
                  select (events, asOf, windowDays);
        gen.Sample(c =>
        {
            var model = TrendingModel.Fit(Table(10, 12, c.events.Select(e => (e.Item1, e.Item2, e.Item3, EventType.Click))), EventWeights.Default,
                new TrendingOptions { Window = TimeSpan.FromDays(c.windowDays) });
            var scores = new float[12];
            model.Score(AskedAt(c.asOf), scores);
            var asOf = Math.Min(c.asOf, model.Latest);
            var firstMet = c.events.GroupBy(e => (e.Item1, e.Item2)).Select(g => (Item: g.Key.Item2, Seconds: g.Min(e => e.Item3)));
            for (int item = 0; item < 12; item++)
                Assert.Equal(firstMet.Count(f => f.Item == item && f.Seconds <= asOf && f.Seconds > asOf - c.windowDays * Day), scores[item]);
        });
    }
}
