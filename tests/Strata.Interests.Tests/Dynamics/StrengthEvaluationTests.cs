using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Interests.Dynamics;
using Strata.Interests.Tests.Support;

namespace Strata.Interests.Tests.Dynamics;

public class StrengthEvaluationTests
{
    private static readonly SyntheticCatalog Catalog = SyntheticCatalog.Instance;

    /// <summary>Users who each keep to two favourite topics (90%) with occasional strays, over a year.</summary>
    private static EventTable StickyUsers()
    {
        var random = new Random(11);
        var builder = new EventTable.Builder();
        var topics = Catalog.Topic;
        var byTopic = Enumerable.Range(0, 12).Select(t => Enumerable.Range(0, topics.Length).Where(i => topics[i] == t).ToArray()).ToArray();
        var events = new List<(long Seconds, string User, int Item)>();
        for (int u = 0; u < 80; u++)
        {
            var favourites = new[] { random.Next(12), random.Next(12) };
            for (int e = 0; e < 40; e++)
            {
                var topic = random.NextDouble() < 0.9 ? favourites[random.Next(2)] : random.Next(12);
                events.Add((1_500_000_000L + random.Next(0, 365 * 86_400), $"u{u}", byTopic[topic][random.Next(byTopic[topic].Length)]));
            }
        }
        foreach (var (seconds, user, item) in events.OrderBy(e => e.Seconds))
            builder.Add(user, Catalog.Items[item].Id, EventType.Click, null, seconds);
        return builder.Build();
    }

    [Fact]
    public void Learned_strength_predicts_next_period_engagement_and_is_compared_with_raw()
    {
        var result = StrengthEvaluation.Run(StickyUsers(), Catalog.Taxonomy);
        Assert.True(result.TrainExamples > 0 && result.TestExamples > 0);
        Assert.InRange(result.TestPositiveRate, 0.01, 0.99);
        // Past strength carries real signal here, so both beat chance clearly and log-loss is finite.
        Assert.True(result.Raw.Auc > 0.7, $"raw AUC {result.Raw.Auc}");
        Assert.True(result.Learned.Auc > 0.7, $"learned AUC {result.Learned.Auc}");
        Assert.True(double.IsFinite(result.Learned.LogLoss) && double.IsFinite(result.Raw.LogLoss));
        Assert.Equal(result.Learned.LogLoss < result.Raw.LogLoss && result.Learned.Auc > result.Raw.Auc, result.LearnedWins);
        var copy = InterestStrengthModel.FromBytes(result.Model.ToBytes());
        Assert.Equal(result.Model.Weights, copy.Weights);
    }

    [Fact]
    public void Above_the_example_cap_a_seeded_sample_of_users_learns()
    {
        var nodes = Catalog.Taxonomy.NodeCount;
        var capped = new StrengthSplitOptions { MaxExamples = 20 * nodes };
        var result = StrengthEvaluation.Run(StickyUsers(), Catalog.Taxonomy, split: capped);
        Assert.Equal(20 * nodes, result.TrainExamples);
        Assert.Equal(20 * nodes, result.TestExamples);
        Assert.True(result.Learned.Auc > 0.6, $"learned AUC {result.Learned.Auc}");
        var again = StrengthEvaluation.Run(StickyUsers(), Catalog.Taxonomy, split: new StrengthSplitOptions { MaxExamples = 20 * nodes });
        Assert.Equal(result.Model.Weights, again.Model.Weights);
        var whole = StrengthEvaluation.Run(StickyUsers(), Catalog.Taxonomy);
        Assert.True(whole.TrainExamples > result.TrainExamples);
    }

    [Fact]
    public void A_log_without_time_spread_is_refused_clearly()
    {
        var builder = new EventTable.Builder();
        for (int i = 0; i < 50; i++) builder.Add($"u{i % 5}", Catalog.Items[i].Id, EventType.Click, null, 0);
        var error = Assert.Throws<InvalidOperationException>(() => StrengthEvaluation.Run(builder.Build(), Catalog.Taxonomy));
        Assert.Contains("spread in time", error.Message);
    }

    [Fact]
    public void A_model_over_other_features_is_rejected()
    {
        Assert.Throws<InvalidDataException>(() => InterestStrengthModel.FromBytes("{\"Features\":[\"x\"],\"Weights\":[1,0],\"Means\":[0],\"Scales\":[1]}"u8));
        Assert.Throws<InvalidDataException>(() => InterestStrengthModel.FromBytes("not json"u8));
    }
}
