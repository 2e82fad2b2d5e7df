using Microsoft.Extensions.Time.Testing;
using Strata.Server.Serving;

namespace Strata.Server.Tests;

/// <summary>The per-minute commit counts behind the overview's chart, on a clock the test moves.</summary>
public sealed class IngestRateTests
{
    private static readonly DateTimeOffset TenOClock = new(2026, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Commits_are_counted_in_their_UTC_minute_oldest_first_with_the_minute_under_way_last()
    {
        var clock = new FakeTimeProvider(TenOClock.AddSeconds(30));
        var rate = new IngestRate(clock);

        rate.Record(3);
        clock.Advance(TimeSpan.FromSeconds(40));   // 10:01:10
        rate.Record(2);
        rate.Record(0);
        clock.Advance(TimeSpan.FromMinutes(2));    // 10:03:10
        rate.Record(5);

        Assert.Equal([3, 2, 0, 5], rate.LastMinutes(4));
        Assert.Equal(10, rate.Total);
        Assert.Equal(TenOClock.AddMinutes(3), rate.CurrentMinuteStart);
    }

    [Fact]
    public void A_minute_an_hour_old_is_forgotten_when_its_slot_comes_round_again()
    {
        var clock = new FakeTimeProvider(TenOClock);
        var rate = new IngestRate(clock);
        rate.Record(7);

        clock.Advance(TimeSpan.FromMinutes(IngestRate.Window));
        Assert.All(rate.LastMinutes(IngestRate.Window), count => Assert.Equal(0, count));
        rate.Record(1);

        Assert.Equal(1, rate.LastMinutes(1)[0]);
        Assert.Equal(8, rate.Total);
    }
}
