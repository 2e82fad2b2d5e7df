using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Recommend.Sequential;

namespace Strata.Recommend.Tests.Sequential;

public sealed class SequentialTrainerTests
{
    private const int Items = 12;

    private static readonly SequentialOptions Small = new() { Dimensions = 8, Window = 4, Epochs = 40, BatchSize = 16, Negatives = 6, LearningRate = 0.02f };

    /// <summary>
    /// Users walk a cycle of items (i is always followed by i + 1 mod n), each from their own start: every item is seen by
    /// every user, so only the order tells what comes next.
    /// </summary>
    private static RecommenderData Cycle(int users = 40, int length = 8, int? withoutEvents = null)
    {
        var builder = new EventTable.Builder();
        for (int i = 0; i < Items; i++) builder.Items.GetOrAdd($"i{i}");
        long second = 1_000_000;
        for (int u = 0; u < users; u++)
            for (int t = 0; t < length; t++)
            {
                var item = (u + t) % Items;
                if (item == withoutEvents) continue;
                builder.Add($"u{u}", $"i{item}", EventType.Click, null, second++);
            }
        const int Width = 3;
        var vectors = new float[Items * Width];
        for (int i = 0; i < Items; i++)
        {
            // Text close along the cycle: each item's vector is a point on a circle.
            var angle = 2 * Math.PI * i / Items;
            vectors[i * Width] = (float)Math.Cos(angle);
            vectors[i * Width + 1] = (float)Math.Sin(angle);
            vectors[i * Width + 2] = 0.3f;
            Core.Vectors.VectorMath.Normalize(vectors.AsSpan(i * Width, Width));
        }
        var catalog = Enumerable.Range(0, Items).Select(i => Item.Create($"i{i}", $"Item {i}")).ToArray();
        return new RecommenderData(builder.Build(), catalog, vectors, Width);
    }

    [Fact]
    public void It_learns_which_item_comes_next()
    {
        var model = new SequentialTrainer(Small).FitModel(Cycle());
        for (int last = 0; last < Items; last++)
        {
            var history = UserHistory.OfItems(-1, (last + Items - 2) % Items, (last + Items - 1) % Items, last);
            Assert.Equal((last + 1) % Items, model.Recommend(history, 1, Items)[0].Item);
        }
    }

    [Fact]
    public void A_budget_of_example_visits_cuts_the_epochs_to_what_it_allows_and_never_below_one()
    {
        var data = Cycle();
        // 40 users × 7 examples each: a budget of 3 passes trains exactly as 3 epochs do.
        var budgeted = new SequentialTrainer(Small with { MaxExampleVisits = 3 * 280 + 100 }).FitModel(data).Attention.Arrays;
        var three = new SequentialTrainer(Small with { Epochs = 3 }).FitModel(data).Attention.Arrays;
        for (int k = 0; k < budgeted.Length; k++) Assert.Equal(three[k], budgeted[k]);
        Assert.Equal(1, new SequentialTrainer(Small with { MaxExampleVisits = 1 }).EpochsFor(280));
        Assert.Equal(Small.Epochs, new SequentialTrainer(Small).EpochsFor(280));
    }

    [Fact]
    public void The_same_seed_gives_the_same_model_and_another_seed_another()
    {
        var data = Cycle();
        var a = new SequentialTrainer(Small).FitModel(data).Attention.Arrays;
        var b = new SequentialTrainer(Small).FitModel(data).Attention.Arrays;
        var c = new SequentialTrainer(Small with { Seed = 7 }).FitModel(data).Attention.Arrays;
        for (int k = 0; k < a.Length; k++) Assert.Equal(a[k], b[k]);
        Assert.NotEqual(a[0], c[0]);
    }

    [Fact]
    public void A_batch_split_into_slices_sums_to_the_gradient_of_one_slice()
    {
        // With one example per batch, two of three slices are empty and the third holds all of it: the slices' sum must
        // be that gradient bit for bit, its rows touched and cleared as one slice does. (Larger batches only reorder sums,
        // which Adam's per-coordinate normalisation amplifies, so they are compared by what they learn, above.)
        var data = Cycle();
        var one = new SequentialTrainer(Small with { Epochs = 2, BatchSize = 1, Shards = 1 }).FitModel(data).Attention.Arrays;
        var three = new SequentialTrainer(Small with { Epochs = 2, BatchSize = 1, Shards = 3 }).FitModel(data).Attention.Arrays;
        for (int k = 0; k < one.Length; k++) Assert.Equal(one[k], three[k]);
        Assert.Contains("Shards", Assert.Throws<ArgumentOutOfRangeException>(() => new SequentialTrainer(Small with { Shards = 0 })).Message);
    }

    [Fact]
    public void Training_lowers_the_next_item_loss()
    {
        var data = Cycle();
        double Loss(SequentialModel model)
        {
            var attention = model.Attention;
            var ws = new InterestAttention.Workspace(attention.Dimensions, attention.Window);
            var negatives = Enumerable.Range(0, Items).ToArray();
            var logits = new float[1 + Items];
            double total = 0;
            for (int last = 0; last < Items; last++)
                total += attention.NextItemLoss([last], (last + 1) % Items, negatives, ws, logits, null);
            return total / Items;
        }
        var untrained = new SequentialTrainer(Small with { Epochs = 0 }).FitModel(data);
        var trained = new SequentialTrainer(Small).FitModel(data);
        Assert.True(Loss(trained) < 0.5 * Loss(untrained), $"trained {Loss(trained)}, untrained {Loss(untrained)}");
    }

    /// <summary>An item no one touched is placed from its text, which lies between its cycle neighbours' texts.</summary>
    [Fact]
    public void An_item_without_events_is_placed_by_its_text()
    {
        const int Cold = 5;
        var model = new SequentialTrainer(Small with { Dimensions = 4 }).FitModel(Cycle(withoutEvents: Cold));
        var e = model.Attention.Embeddings;
        float Cosine(int a, int b) => Core.Vectors.VectorMath.Cosine(e.AsSpan(a * 4, 4), e.AsSpan(b * 4, 4));
        Assert.True(float.IsFinite(model.Attention.Bias[Cold]));
        var neighbours = (Cosine(Cold, 4) + Cosine(Cold, 6)) / 2;
        var opposite = (Cosine(Cold, 10) + Cosine(Cold, 11) + Cosine(Cold, 0)) / 3;
        Assert.True(neighbours > opposite, $"neighbours {neighbours}, opposite {opposite}");
    }

    [Fact]
    public void Without_text_an_item_without_events_is_never_scored()
    {
        var data = Cycle(withoutEvents: 5) with { ItemVectors = null, Dimensions = 0 };
        var model = new SequentialTrainer(Small).FitModel(data);
        var scores = new float[Items];
        model.Score(UserHistory.OfItems(-1, 3, 4), scores);
        Assert.Equal(float.NegativeInfinity, scores[5]);
        Assert.All(scores.Where((_, i) => i != 5), s => Assert.True(float.IsFinite(s)));
    }

    [Fact]
    public void The_sequence_orders_by_time_and_keeps_each_items_latest_event()
    {
        var history = new UserHistory(0, [4, 2, 4, 9, 1], [EventType.Click, EventType.Click, EventType.Click, EventType.Search, EventType.Click],
            [float.NaN, float.NaN, float.NaN, float.NaN, float.NaN], [30, 10, 20, 5, 20]);
        // by time: 2@10, 4@20, 1@20 (after 4: later in the history), 4@30; search skipped; 4 kept at its latest.
        Assert.Equal([2, 1, 4], SequentialModel.Sequence(history, 10, Strata.Interests.Profiles.EventWeights.Default));
    }

    [Fact]
    public void Bad_options_are_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new SequentialTrainer(new SequentialOptions { Window = 0 }));
        Assert.Contains("Window", error.Message);
    }
}
