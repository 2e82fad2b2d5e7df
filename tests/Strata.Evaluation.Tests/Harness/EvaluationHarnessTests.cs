using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Core.Interactions;
using Strata.Evaluation.Harness;
using Strata.Evaluation.Splits;

namespace Strata.Evaluation.Tests.Harness;

public sealed class EvaluationHarnessTests
{
    /// <summary>Six items; user a trained on 0, 1 and tested on 2, 5; user b trained on 2 and tested on 0.</summary>
    internal static EvaluationSplit TinySplit()
    {
        var catalog = Enumerable.Range(0, 6).Select(i => Item.Create($"i{i}", $"Item {i}")).ToList();
        var items = IdMap.From(catalog.Select(i => i.Id));
        var users = new IdMap();
        EventTable Table(params (string User, int Item)[] rows)
        {
            var builder = new EventTable.Builder(users, items);
            foreach (var (user, item) in rows) builder.Add(user, $"i{item}", EventType.Click, null, 0);
            return builder.Build();
        }
        var train = Table(("a", 0), ("a", 1), ("b", 2));
        var test = Table(("a", 2), ("a", 5), ("b", 0));
        return new EvaluationSplit("tiny", train, null, test, catalog, [new TestSet("test", TestCases.FromHoldout(train, test, new EvaluationDataset("tiny", "", null, catalog, train)))], null, null, "tiny");
    }

    [Fact]
    public void Metrics_of_a_static_ranking_match_the_hand_computation()
    {
        var harness = new EvaluationHarness(new EvaluationOptions { K = 2 });
        var result = Assert.Single(harness.Run(TinySplit(), new FixedScoreTrainer([6, 5, 4, 3, 2, 1]), null, 0));
        var m = result.Metrics;
        // a: list [2, 3], hit at rank 1 of 2 relevant; b: list [0, 1], hit at rank 1 of 1 relevant.
        Assert.Equal(0.5, m["precision@2"], 12);
        Assert.Equal(0.75, m["recall@2"], 12);
        Assert.Equal((1 / (1 + 1 / Math.Log2(3)) + 1) / 2, m["ndcg@2"], 12);
        Assert.Equal(0.75, m["map"], 12);
        Assert.Equal(1, m["hr@2"], 12);
        Assert.Equal(1, m["mrr"], 12);
        // a: candidates 2, 3, 4, 5 with relevant at positions 0 and 3 → 2 of 4 pairs right; b: relevant first → 1.
        Assert.Equal(0.75, m["auc"], 12);
        Assert.Equal(4.0 / 6, m["coverage"], 12);
        Assert.True(double.IsNaN(m["diversity"]));
        Assert.Equal(1, m["novelty"], 12);
        Assert.Equal(2, result.Users);
        Assert.True(result.RecommendMsP99 >= result.RecommendMsP50);
    }

    [Fact]
    public void Seen_items_are_never_recommended()
    {
        var split = TinySplit();
        var harness = new EvaluationHarness(new EvaluationOptions { K = 6 });
        var result = Assert.Single(harness.Run(split, new FixedScoreTrainer([6, 5, 4, 3, 2, 1]), null, 0));
        // With k = 6 every candidate is listed: a has 4 candidates and b 5, so coverage is full but precision counts against 6.
        Assert.Equal((2.0 / 6 + 1.0 / 6) / 2, result.Metrics["precision@6"], 12);
        Assert.Equal(1.0, result.Metrics["recall@6"], 12);
    }

    [Fact]
    public void Results_do_not_depend_on_the_number_of_threads()
    {
        var scores = Enumerable.Range(0, 6).Select(i => (float)((i * 7) % 5)).ToArray();
        var one = new EvaluationHarness(new EvaluationOptions { K = 3, MaxDegreeOfParallelism = 1 }).Run(TinySplit(), new FixedScoreTrainer(scores), null, 0)[0];
        var many = new EvaluationHarness(new EvaluationOptions { K = 3, MaxDegreeOfParallelism = 4 }).Run(TinySplit(), new FixedScoreTrainer(scores), null, 0)[0];
        Assert.Equal(one.Metrics, many.Metrics);
    }
}
