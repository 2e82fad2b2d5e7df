using CsCheck;
using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Core.Interactions;
using Strata.Evaluation.Splits;

namespace Strata.Evaluation.Tests.Splits;

/// <summary>Protocols generated from the events' timestamps, for data without fixed split files.</summary>
[Collection(MovieLens100kCollection.Name)]
public sealed class TimestampSplitsTests(MovieLens100kFixture data)
{
    [Fact]
    public void Generated_leave_last_out_on_ml100k_assigns_every_row_the_role_of_the_fixed_sequences_file()
    {
        var roles = LeaveLastOutSplitter.Generate(data.Dataset);
        var events = data.Dataset.Events;
        var generated = new Dictionary<(string, string), string?>();
        for (int r = 0; r < events.Count; r++) generated[(events.Users[events.UserIndex[r]], events.Items[events.ItemIndex[r]])] = roles[r];
        var fixedRows = File.ReadLines(Path.Combine(data.Dataset.FixedSplit(LeaveLastOutSplitter.Name)!, "sequences.csv")).Skip(1).Select(l => l.Split(',')).ToList();

        Assert.Equal(100_000, fixedRows.Count);
        Assert.All(fixedRows, f => Assert.Equal(f[6], generated[(f[0], f[1])]));
        // And the generated split asks what the fixed one asks.
        var fixedSplit = data.LeaveLastOut;
        var generatedSplit = new LeaveLastOutSplitter().Split(data.Dataset with { SplitsRoot = null });
        Assert.Equal(fixedSplit.Train.Count, generatedSplit.Train.Count);
        Assert.Equal(fixedSplit.TestSets[0].Cases.Select(c => (c.History.User, c.Relevant.Single(), c.History.Count)),
            generatedSplit.TestSets[0].Cases.Select(c => (c.History.User, c.Relevant.Single(), c.History.Count)));
    }

    [Fact]
    public void Temporal_cut_trains_on_the_past_and_asks_warm_users_for_new_items_after_it()
    {
        var split = new TemporalSplitter().Split(data.Dataset);
        var events = data.Dataset.Events;
        var cut = TemporalSplitter.DefaultCut(events.Seconds.AsSpan(0, events.Count), 0.1);
        for (int r = 0; r < split.Train.Count; r++) Assert.True(split.Train.Seconds[r] < cut);
        for (int r = 0; r < split.Test.Count; r++) Assert.True(split.Test.Seconds[r] >= cut);
        var after = Enumerable.Range(0, events.Count).Count(r => events.Seconds[r] >= cut);
        Assert.InRange(after, 10_000, 10_100); // the last 10% of 100,000 events, plus any tied with the cut
        var cases = split.TestSets[0].Cases;
        Assert.NotEmpty(cases);
        Assert.All(cases, c =>
        {
            Assert.NotEmpty(c.History.Items.ToArray());
            Assert.All(c.History.Seconds.ToArray(), s => Assert.True(s < cut));
            Assert.Empty(c.Relevant.Intersect(c.Excluded));
        });
    }

    [Fact]
    public void An_explicit_cut_is_honoured_and_one_outside_the_events_is_refused()
    {
        var cut = DateTimeOffset.Parse("1998-03-01T00:00:00Z");
        var split = new TemporalSplitter { Cut = cut }.Split(data.Dataset);
        Assert.InRange(split.Test.Seconds.AsSpan(0, split.Test.Count).ToArray().Min(), cut.ToUnixTimeSeconds(), cut.AddDays(2).ToUnixTimeSeconds());
        Assert.All(Enumerable.Range(0, split.Train.Count), r => Assert.True(split.Train.Seconds[r] < cut.ToUnixTimeSeconds()));
        var error = Assert.Throws<EvaluationException>(() => new TemporalSplitter { Cut = DateTimeOffset.Parse("2020-01-01T00:00:00Z") }.Split(data.Dataset));
        Assert.Contains("0 test events", error.Message);
    }

    [Fact]
    public void The_default_cut_leaves_at_least_the_asked_share_after_it()
    {
        Gen.Long[0, 50].Array[1, 200].Select(Gen.Double[0.01, 0.99]).Sample((times, fraction) =>
        {
            var cut = TemporalSplitter.DefaultCut(times, fraction);
            var after = times.Count(t => t >= cut);
            var strictlyAfter = times.Count(t => t > cut);
            return after >= Math.Ceiling(fraction * times.Length) - 1e-9 && strictlyAfter < Math.Max(1, Math.Ceiling(fraction * times.Length));
        });
    }

    /// <summary>A shop: each user views items 0–3 then buys item 4 + u % 2, one event per day.</summary>
    private static EvaluationDataset Shop(IReadOnlySet<EventType>? relevant)
    {
        var catalog = Enumerable.Range(0, 8).Select(i => Item.Create($"i{i}", $"Item {i}")).ToList();
        var builder = new EventTable.Builder(new IdMap(), IdMap.From(catalog.Select(i => i.Id)));
        for (int u = 0; u < 20; u++)
        {
            long day = 1_600_000_000 + u;
            for (int i = 0; i < 4; i++) builder.Add($"u{u}", $"i{i}", EventType.View, null, day + i * 86_400);
            builder.Add($"u{u}", $"i{4 + u % 2}", EventType.Purchase, null, day + 5 * 86_400);
            builder.Add($"u{u}", $"i{6}", EventType.View, null, day + 6 * 86_400);
        }
        return new EvaluationDataset("shop", "", null, catalog, builder.Build()) { RelevantTypes = relevant };
    }

    [Fact]
    public void Only_events_of_the_relevant_types_make_items_relevant()
    {
        var everything = new LeaveLastOutSplitter().Split(Shop(null)).TestSets[0].Cases;
        Assert.All(everything, c => Assert.Equal([6], c.Relevant)); // the last event is the view of item 6

        var purchases = Shop(new HashSet<EventType> { EventType.Purchase });
        var split = new LeaveLastOutSplitter().Split(purchases);
        // One purchase per user: no earlier relevant event to validate on, so every user stays in train.
        Assert.Empty(split.TestSets[0].Cases);

        var random = new RandomHoldoutSplitter { TestFraction = 0.5 }.Split(purchases).TestSets[0].Cases;
        Assert.All(random, c => Assert.All(c.Relevant, i => Assert.InRange(i, 4, 5)));
        Assert.NotEmpty(random);
    }
}
