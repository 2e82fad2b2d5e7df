using CsCheck;
using Strata.Core.Domain;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class EaseHistoryMemoTests
{
    private static readonly EventType[] Types = [EventType.Click, EventType.Rating, EventType.Search, EventType.Dislike];

    /// <summary>
    /// A live user's history grows event by event (clicks, ratings, searches, negative feedback, repeats); asked with its memo
    /// after every event, and now and then through a refitted model or a truncated copy, the scores are exactly those of a
    /// fresh sum.
    /// </summary>
    [Fact]
    public void Memo_scores_equal_a_fresh_sum_bit_for_bit_as_the_history_grows()
    {
        var data = Checkerboard.Create();
        var first = new EaseTrainer(new EaseOptions { Lambda = 0.5 }).FitModel(data);
        var refitted = new EaseTrainer(new EaseOptions { Lambda = 2.0 }).FitModel(data);
        var events = Gen.Select(Gen.Int[0, Checkerboard.Items - 1], Gen.Int[0, Types.Length - 1], Gen.Int[0, 9]).Array[1, 40];
        events.Sample(steps =>
        {
            var memo = new HistoryMemo();
            var items = new List<int>();
            var types = new List<EventType>();
            foreach (var (item, type, twist) in steps)
            {
                items.Add(item);
                types.Add(Types[type]);
                var model = twist == 0 ? refitted : first;
                var length = twist == 1 ? items.Count / 2 : items.Count;
                var history = new UserHistory(-1, [.. items[..length]], [.. types[..length]], new float[length], new long[length]);
                var fresh = new float[Checkerboard.Items];
                var memoised = new float[Checkerboard.Items];
                model.Score(history, fresh);
                model.Score(history with { Memo = memo }, memoised);
                Assert.Equal(fresh, memoised);
            }
        });
    }
}
