using Strata.Evaluation.Splits;

namespace Strata.Evaluation.Tests.Splits;

[Collection(MovieLens100kCollection.Name)]
public sealed class GeneratedSplitsTests(MovieLens100kFixture data)
{
    [Fact]
    public void Cold_users_never_reach_training_and_are_queried_as_new_users()
    {
        var split = new ColdUsersSplitter().Split(data.Dataset);
        var coldUsers = Enumerable.Range(0, split.Test.Count).Select(r => split.Test.UserIndex[r]).ToHashSet();
        Assert.Equal(189, coldUsers.Count); // round(0.2 × 943)
        for (int r = 0; r < split.Train.Count; r++) Assert.DoesNotContain(split.Train.UserIndex[r], coldUsers);
        Assert.Equal(100_000, split.Train.Count + split.Test.Count);
        Assert.Equal(["given-1", "given-3", "given-5"], split.TestSets.Select(s => s.Name));
        foreach (var (set, n) in split.TestSets.Zip([1, 3, 5]))
        {
            Assert.Equal(189, set.Cases.Count); // every ML-100K user has at least 20 events
            Assert.All(set.Cases, c =>
            {
                Assert.Equal(-1, c.History.User);
                Assert.Equal(n, c.History.Count);
                Assert.Empty(c.Relevant.Intersect(c.Excluded));
            });
        }
    }

    [Fact]
    public void Cold_users_get_their_first_events_by_time()
    {
        var split = new ColdUsersSplitter().Split(data.Dataset);
        var byUser = EventRows.ByUserInTimeOrder(split.Test);
        foreach (var c in split.TestSets[2].Cases)
        {
            var totalRelevant = c.Relevant.Length + c.Excluded.Length;
            var user = byUser.Single(rows => rows.Length == totalRelevant && rows.Take(5).Select(r => split.Test.ItemIndex[r]).SequenceEqual(c.History.Items));
            Assert.True(split.Test.Seconds[user[4]] <= split.Test.Seconds[user[5]]);
        }
    }

    [Fact]
    public void Cold_items_are_withheld_from_training_entirely()
    {
        var split = new ColdItemsSplitter().Split(data.Dataset);
        var cold = split.ColdItems!;
        Assert.Equal(168, cold.Count(c => c)); // round(0.1 × 1682)
        for (int r = 0; r < split.Train.Count; r++) Assert.False(cold[split.Train.ItemIndex[r]]);
        for (int r = 0; r < split.Test.Count; r++) Assert.True(cold[split.Test.ItemIndex[r]]);
        Assert.Equal(100_000, split.Train.Count + split.Test.Count);
        Assert.All(split.TestSets[0].Cases, c => Assert.All(c.Relevant, i => Assert.True(cold[i])));
    }

    [Fact]
    public void Random_holdout_puts_a_fifth_of_each_user_in_test()
    {
        var split = new RandomHoldoutSplitter().Split(data.Dataset);
        Assert.Equal(100_000, split.Train.Count + split.Test.Count);
        var cases = split.TestSets[0].Cases;
        Assert.Equal(943, cases.Count);
        Assert.All(cases, c =>
        {
            var n = c.Relevant.Length + c.Excluded.Length;
            Assert.Equal((int)Math.Round(0.2 * n, MidpointRounding.AwayFromZero), c.Relevant.Length);
            Assert.Empty(c.Relevant.Intersect(c.Excluded));
        });
    }

    [Fact]
    public void Generated_splits_are_reproducible_and_depend_on_the_seed()
    {
        var a = new ColdItemsSplitter { Seed = 7 }.Split(data.Dataset).ColdItems!;
        var b = new ColdItemsSplitter { Seed = 7 }.Split(data.Dataset).ColdItems!;
        var c = new ColdItemsSplitter { Seed = 8 }.Split(data.Dataset).ColdItems!;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Protocols_are_found_by_name_and_unknown_names_are_refused()
    {
        foreach (var name in Protocols.Names) Assert.Equal(name, Protocols.Create(name).Protocol);
        Assert.Contains("leave-last-out", Assert.Throws<EvaluationException>(() => Protocols.Create("leave-one-out")).Message);
    }
}
