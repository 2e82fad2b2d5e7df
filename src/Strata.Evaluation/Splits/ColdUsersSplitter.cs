using Strata.Recommend;

namespace Strata.Evaluation.Splits;

/// <summary>
/// Cold users: the <see cref="HeldOutFraction"/> of users with the lowest seeded hash of their id never appear in training.
/// Models fit on every event of the other users. Each held-out user is then queried as an unknown user (index -1) with their
/// first n events in time order (n in <see cref="Given"/>, one test set per n); the rest of their items are relevant and the
/// given items are excluded. Users with no more than n events are left out of that set.
/// </summary>
public sealed class ColdUsersSplitter : ISplitter
{
    public const string Name = "cold-users";

    public double HeldOutFraction { get; init; } = 0.2;

    public int Seed { get; init; } = 42;

    public IReadOnlyList<int> Given { get; init; } = [1, 3, 5];

    public string Protocol => Name;

    public EvaluationSplit Split(EvaluationDataset dataset)
    {
        var events = dataset.Events;
        var cold = HashSample.Lowest(events.Users.Ids, HeldOutFraction, Seed, "user");
        var train = TestCases.Where(events, r => !cold[events.UserIndex[r]] && events.ItemIndex[r] >= 0);
        var test = TestCases.Where(events, r => cold[events.UserIndex[r]] && events.ItemIndex[r] >= 0);
        var byUser = EventRows.ByUserInTimeOrder(test);
        var sets = new List<TestSet>();
        foreach (var n in Given)
        {
            var cases = new List<TestCase>();
            for (int u = 0; u < byUser.Length; u++)
            {
                var rows = byUser[u];
                if (rows.Length <= n) continue;
                var given = EventRows.History(test, -1, rows.AsSpan(0, n));
                var excluded = EventRows.DistinctItems(test, rows.Take(n));
                var relevant = dataset.RelevantItems(test, rows.Skip(n)).Where(i => Array.BinarySearch(excluded, i) < 0).ToArray();
                if (relevant.Length > 0) cases.Add(new TestCase(given, relevant, excluded));
            }
            sets.Add(new TestSet($"given-{n}", cases));
        }
        var coldCount = cold.Count(c => c);
        return new EvaluationSplit(Name, train, null, test, dataset.Catalog, sets, null, null,
            $"{coldCount} of {events.Users.Count} users ({HeldOutFraction * 100:0}%, lowest seeded hash of the user id, seed {Seed}) held out of training; " +
            $"each is queried as a new user with their first {string.Join(" / ", Given)} events by time{(dataset.HasTimestamps ? "" : " (file order: the dataset has no timestamps)")}; " +
            "the rest of their items are relevant.");
    }
}
