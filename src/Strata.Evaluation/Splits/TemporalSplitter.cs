using System.Globalization;

namespace Strata.Evaluation.Splits;

/// <summary>
/// A global time cut (<c>temporal</c>), the protocol production teams trust most: every event before time
/// <see cref="Cut"/> is training data, every event at or after it is test data. Each user with training events and a
/// relevant test item they had not met before is queried with their training events; those items are relevant, and
/// every item outside the history is ranked. Users first seen after the cut are not queried (that is cold-users).
/// Without a fixed <see cref="Cut"/>, it is the time that leaves the last <see cref="TestFraction"/> of events.
/// </summary>
public sealed class TemporalSplitter : ISplitter
{
    public const string Name = "temporal";

    /// <summary>The cut T; null: chosen by <see cref="TestFraction"/>.</summary>
    public DateTimeOffset? Cut { get; init; }

    /// <summary>Share of events (by time) after the default cut.</summary>
    public double TestFraction { get; init; } = 0.1;

    public string Protocol => Name;

    public EvaluationSplit Split(EvaluationDataset dataset)
    {
        var events = dataset.Events;
        if (events.Count == 0) throw new EvaluationException($"{dataset.Name} holds no interaction events");
        if (!dataset.HasTimestamps)
            throw new EvaluationException($"protocol {Name} needs event times, and {dataset.Name} has none (use random-80-20)");
        var cut = Cut?.ToUnixTimeSeconds() ?? DefaultCut(events.Seconds.AsSpan(0, events.Count), TestFraction);
        var train = TestCases.Where(events, r => events.Seconds[r] < cut);
        var later = TestCases.Where(events, r => events.Seconds[r] >= cut);
        if (train.Count == 0 || later.Count == 0)
            throw new EvaluationException($"the cut {Format(cut)} leaves {train.Count} training and {later.Count} test events; events run from " +
                                          $"{Format(events.Seconds.AsSpan(0, events.Count).ToArray().Min())} to {Format(events.Seconds.AsSpan(0, events.Count).ToArray().Max())}");
        var warm = new bool[events.Users.Count];
        for (int r = 0; r < train.Count; r++) warm[train.UserIndex[r]] = true;
        var test = TestCases.Where(later, r => warm[later.UserIndex[r]]);
        var coldUsers = new HashSet<int>();
        for (int r = 0; r < later.Count; r++)
            if (!warm[later.UserIndex[r]]) coldUsers.Add(later.UserIndex[r]);
        var share = (double)later.Count / events.Count;
        return new EvaluationSplit(Name, train, null, test, dataset.Catalog,
            [new TestSet("test", TestCases.FromHoldout(train, test, dataset, dropSeen: true))], null, null,
            Describe(cut, train.Count, later.Count, share, coldUsers.Count));
    }

    private string Describe(long cut, int trainEvents, int testEvents, double share, int coldUsers)
    {
        var chosen = Cut is null ? string.Create(CultureInfo.InvariantCulture, $" (the time leaving the last {TestFraction:0.##%} of events)") : "";
        return string.Create(CultureInfo.InvariantCulture, $"Global temporal cut at {Format(cut)}{chosen}: {trainEvents:N0} events before it train every model, ") +
               string.Create(CultureInfo.InvariantCulture, $"{testEvents:N0} ({share:0.0%}) after it are test; users with training events are queried with them and asked ") +
               string.Create(CultureInfo.InvariantCulture, $"for the relevant items they met after the cut and not before ({coldUsers:N0} users seen only after the cut are not queried); ") +
               "full ranking over unseen items.";
    }

    /// <summary>The time of the first of the last ⌈fraction · n⌉ events in time order: events at or after it are the test part.</summary>
    public static long DefaultCut(ReadOnlySpan<long> seconds, double fraction)
    {
        var sorted = seconds.ToArray();
        Array.Sort(sorted);
        var testCount = Math.Clamp((int)Math.Ceiling(fraction * sorted.Length), 1, sorted.Length);
        return sorted[sorted.Length - testCount];
    }

    private static string Format(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
