using Strata.Core.Interactions;

namespace Strata.Evaluation.Splits;

/// <summary>
/// Random per-user holdout (<c>random-80-20</c>): of each user's events, the <see cref="TestFraction"/> with the lowest
/// seeded hash of (user id, item id) go to test (at least one, and at least one stays in train; users with one event stay in train).
/// The choice depends only on ids and the seed, not on file order. Used for ml-1m, which has no timestamps,
/// and to carve validation data out of a training table.
/// </summary>
public sealed class RandomHoldoutSplitter : ISplitter
{
    public const string Name = "random-80-20";

    public double TestFraction { get; init; } = 0.2;

    public int Seed { get; init; } = 42;

    public string Protocol => Name;

    public EvaluationSplit Split(EvaluationDataset dataset)
    {
        var (train, test) = Carve(dataset.Events, TestFraction, Seed);
        return new EvaluationSplit(Name, train, null, test, dataset.Catalog,
            [new TestSet("test", TestCases.FromHoldout(train, test, dataset))], null, null,
            $"Random {(1 - TestFraction) * 100:0}/{TestFraction * 100:0} per user by a seeded hash of (user, item), seed {Seed}; seen items removed; every test item relevant.");
    }

    /// <summary>Splits each user's rows of <paramref name="table"/> into (kept, held out).</summary>
    public static (EventTable Kept, EventTable HeldOut) Carve(EventTable table, double fraction, int seed)
    {
        var (offsets, rows) = table.RowsByUser();
        var held = new bool[table.Count];
        var keys = new List<(double Key, int Row)>();
        for (int u = 0; u < table.Users.Count; u++)
        {
            var n = offsets[u + 1] - offsets[u];
            if (n < 2) continue;
            keys.Clear();
            for (int i = offsets[u]; i < offsets[u + 1]; i++)
            {
                var r = rows[i];
                var item = table.ItemIndex[r];
                if (item < 0) continue;
                keys.Add((SeededHash.Unit(seed, table.Users[u], table.Items[item]), r));
            }
            keys.Sort();
            var count = Math.Clamp((int)Math.Round(fraction * keys.Count, MidpointRounding.AwayFromZero), 1, keys.Count - 1);
            for (int i = 0; i < count; i++) held[keys[i].Row] = true;
        }
        return (TestCases.Where(table, r => !held[r] && table.ItemIndex[r] >= 0), TestCases.Where(table, r => held[r]));
    }
}
