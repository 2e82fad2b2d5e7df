using Strata.Evaluation.Splits;

namespace Strata.Evaluation.Tests.Splits;

[Collection(MovieLens100kCollection.Name)]
public sealed class FixedSplitsTests(MovieLens100kFixture data)
{
    [Fact]
    public void Dataset_has_the_official_counts_and_one_item_map_for_the_catalogue()
    {
        Assert.Equal(100_000, data.Dataset.Events.Count);
        Assert.Equal(943, data.Dataset.Events.Users.Count);
        Assert.Equal(1682, data.Dataset.Catalog.Count);
        Assert.Equal(1682, data.Dataset.Events.Items.Count);
        for (int i = 0; i < data.Dataset.Catalog.Count; i++) Assert.Equal(data.Dataset.Catalog[i].Id, data.Dataset.Events.Items[i]);
    }

    [Fact]
    public void Recommenders_split_matches_its_readme()
    {
        var split = data.Recommenders;
        Assert.Equal(75_066, split.Train.Count);
        Assert.Equal(24_934, split.Test.Count);
        Assert.Same(data.Dataset.Events.Items, split.Train.Items);
        Assert.Same(split.Train.Items, split.Test.Items);
        var cases = Assert.Single(split.TestSets).Cases;
        Assert.Equal(943, cases.Count);
        Assert.Equal(24_934, cases.Sum(c => c.Relevant.Length));
        Assert.Equal(75_066, cases.Sum(c => c.History.Count));
        Assert.Equal(1473, cases.SelectMany(c => c.Relevant).Distinct().Count());
        Assert.Equal(1, cases.Min(c => c.Relevant.Length));
        Assert.Equal(187, cases.Max(c => c.Relevant.Length));
        Assert.All(cases, c => Assert.Empty(c.Relevant.Intersect(c.Excluded)));
    }

    [Fact]
    public void Recommenders_histories_are_in_time_order()
    {
        foreach (var c in data.Recommenders.TestSets[0].Cases)
            for (int e = 1; e < c.History.Count; e++) Assert.True(c.History.Seconds[e - 1] <= c.History.Seconds[e]);
    }

    [Fact]
    public void Leave_last_out_asks_for_the_last_item_given_train_and_valid()
    {
        var split = data.LeaveLastOut;
        Assert.Equal(98_114, split.Train.Count);
        Assert.Equal(943, split.Validation!.Count);
        Assert.Equal(943, split.Test.Count);
        var cases = split.TestSets[0].Cases;
        Assert.Equal(943, cases.Count);
        Assert.All(cases, c => Assert.Single(c.Relevant));
        Assert.Equal(98_114 + 943, cases.Sum(c => c.History.Count));
        // The query ends with the validation item; the validation query is one event shorter.
        var validation = split.ValidationCases!;
        Assert.Equal(943, validation.Count);
        for (int u = 0; u < cases.Count; u++)
        {
            Assert.Equal(validation[u].Relevant[0], cases[u].History.Items[^1]);
            Assert.Equal(validation[u].History.Count + 1, cases[u].History.Count);
            Assert.DoesNotContain(cases[u].Relevant[0], cases[u].Excluded);
        }
    }

    [Fact]
    public void Leave_last_out_user_1_matches_the_sequences_file()
    {
        // sequences.csv: user 1's test row is the last of their 272 rows.
        var first = data.LeaveLastOut.TestSets[0].Cases[data.Dataset.Events.Users.IndexOf("1")];
        Assert.Equal(271, first.History.Count);
        var lines = File.ReadLines(Path.Combine(data.Dataset.FixedSplit("leave-last-out")!, "sequences.csv"))
            .Skip(1).Select(l => l.Split(',')).Where(f => f[0] == "1").ToList();
        Assert.Equal(lines.Single(f => f[6] == "test")[1], data.Dataset.Events.Items[first.Relevant[0]]);
        Assert.Equal(lines.Single(f => f[6] == "valid")[1], data.Dataset.Events.Items[first.History.Items[^1]]);
    }

    [Fact]
    public void Fixed_splits_exist_only_where_their_files_do()
    {
        var renamed = data.Dataset with { Name = "ml-1m" };
        Assert.Throws<EvaluationException>(() => new Recommenders7525Splitter().Split(renamed));
        Assert.Null(renamed.FixedSplit(LeaveLastOutSplitter.Name));
        // Without a file, leave-last-out is generated from the timestamps; a dataset without any cannot have it.
        Assert.StartsWith("Leave-last-out generated", new LeaveLastOutSplitter().Split(renamed).Description);
        var timeless = renamed with { Events = EventRows.Select(renamed.Events, []) };
        Assert.Contains("random-80-20", Assert.Throws<EvaluationException>(() => new LeaveLastOutSplitter().Split(timeless)).Message);
    }

    [Fact]
    public void A_split_file_naming_an_unknown_user_is_reported_with_file_and_line()
    {
        var root = Directory.CreateTempSubdirectory("strata-eval-").FullName;
        try
        {
            var folder = Directory.CreateDirectory(Path.Combine(root, "splits", "ml-100k-recommenders-75-25")).FullName;
            File.WriteAllText(Path.Combine(folder, "train.csv"), "userID,itemID,rating,timestamp\n1,1,5,874965758\n9999,1,4,874965758\n");
            File.WriteAllText(Path.Combine(folder, "test.csv"), "userID,itemID,rating,timestamp\n");
            var error = Assert.Throws<EvaluationException>(() => new Recommenders7525Splitter().Split(data.Dataset with { SplitsRoot = Path.Combine(root, "splits") }));
            Assert.Equal("train.csv:3: field 'userID': user '9999' is not in ml-100k", error.Message);
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
