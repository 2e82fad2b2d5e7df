using Strata.Core.Domain;
using Strata.Recommend.Fusion;

namespace Strata.Recommend.Tests.Fusion;

public sealed class RecentItemsTests
{
    [Fact]
    public void Recent_takes_the_latest_distinct_positive_items_by_time_with_ties_in_history_order()
    {
        // Items 7 and 8 share the latest second (8 comes later in the history); 5 is disliked; 3 repeats.
        var history = new UserHistory(4,
            Items: [1, 3, 2, 5, 3, 7, 8, 9],
            Types: [EventType.Click, EventType.Click, EventType.Click, EventType.Dislike, EventType.View, EventType.Click, EventType.Click, EventType.Click],
            Values: [float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN, float.NaN],
            Seconds: [10, 20, 30, 40, 50, 60, 60, 5]);

        var recent = RecommenderSignals.Recent(history, 3, catalogSize: 9, Strata.Interests.Profiles.EventWeights.Default);

        Assert.Equal(-1, recent.User);
        Assert.Equal([3, 7, 8], recent.Items);
    }

    [Fact]
    public void The_recent_row_is_the_model_asked_about_the_recent_items_alone()
    {
        var data = Support.Checkerboard.Create();
        var model = new Strata.Recommend.Collaborative.EaseTrainer(new Strata.Recommend.Collaborative.EaseOptions { Lambda = 0.5 }).Fit(data);
        var signals = new RecommenderSignals(model, proposesCandidates: true, recentItems: 2);
        var history = UserHistory.OfItems(0, 2, 4, 6, 8) with { Seconds = [1, 2, 3, 4] };
        int items = data.Items.Count;
        var rows = new float[2 * items];
        signals.Score(history, rows);

        var full = new float[items];
        var recent = new float[items];
        model.Score(history, full);
        model.Score(UserHistory.OfItems(-1, 6, 8), recent);
        Assert.Equal([model.Name, model.Name + ".recent"], signals.Names);
        Assert.Equal(full, rows[..items]);
        Assert.Equal(recent, rows[items..]);
    }
}
