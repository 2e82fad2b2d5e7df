using CsCheck;
using Strata.Core.Domain;
using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Tests;

public sealed class HistoryItemsTests
{
    /// <summary>Short histories scan, long ones mark a catalogue-sized array: both give the same first-seen order.</summary>
    [Fact]
    public void Distinct_positive_items_keep_first_seen_order_for_short_and_long_histories()
    {
        var types = EventTypes.All.ToArray();
        Gen.Select(Gen.Int[-2, 60], Gen.Int[0, types.Length - 1]).Array[0, 300].Sample(events =>
        {
            var history = new UserHistory(-1, [.. events.Select(e => e.Item1)], [.. events.Select(e => types[e.Item2])],
                new float[events.Length], new long[events.Length]);
            var expected = events.Where(e => e.Item1 is >= 0 and < 50 && Strata.Interests.Profiles.EventWeights.Default.IsPositive(types[e.Item2], 0f))
                .Select(e => e.Item1).Distinct().ToArray();
            Assert.Equal(expected, HistoryItems.DistinctPositive(history, catalogSize: 50, Strata.Interests.Profiles.EventWeights.Default));
        });
    }
}
