using CsCheck;
using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Core.Vectors;
using Strata.Interests.Taxonomies;
using Strata.Recommend.Content;
using Strata.Recommend.Fusion;
using Strata.Recommend.Persistence;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Content;

public sealed class ItemTowerTests
{
    private static float[] RandomVectors(Random random, int items, int dimensions)
    {
        var vectors = new float[items * dimensions];
        for (int i = 0; i < vectors.Length; i++) vectors[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < items; i++) VectorMath.Normalize(vectors.AsSpan(i * dimensions, dimensions));
        return vectors;
    }

    /// <summary>A tower with every parameter random (W₂ too, which starts at zero when trained), so every path carries gradient.</summary>
    private static ItemTower RandomTower(Random random, int dimensions, int hidden)
    {
        var parameters = new float[ItemTower.ParameterCount(dimensions, hidden)];
        for (int i = 0; i < parameters.Length; i++) parameters[i] = (float)(random.NextDouble() - 0.5);
        return new ItemTower(dimensions, hidden, parameters);
    }

    [Fact]
    public void Hand_written_gradients_match_central_finite_differences() =>
        Gen.Int[0, 100_000].Sample(seed =>
        {
            var random = new Random(seed);
            const int Dimensions = 5, Hidden = 3, Items = 7, Pairs = 4;
            var vectors = RandomVectors(random, Items, Dimensions);
            var tower = RandomTower(random, Dimensions, Hidden);
            var batch = new ItemTowerTrainer.Batch(tower, Pairs);
            for (int i = 0; i < Pairs; i++)
            {
                batch.Anchors[i] = random.Next(Items);
                batch.Positives[i] = random.Next(Items);
            }
            const float Temperature = 0.5f;
            ItemTowerTrainer.LossAndGradient(tower, vectors, batch, Temperature, withGradient: true);
            var analytic = batch.Gradient.ToArray();
            var parameters = tower.Parameters;
            const float Step = 1e-3f;
            for (int p = 0; p < parameters.Length; p++)
            {
                var kept = parameters[p];
                parameters[p] = kept + Step;
                var up = ItemTowerTrainer.LossAndGradient(tower, vectors, batch, Temperature, withGradient: false);
                parameters[p] = kept - Step;
                var down = ItemTowerTrainer.LossAndGradient(tower, vectors, batch, Temperature, withGradient: false);
                parameters[p] = kept;
                var numeric = (up - down) / (2 * Step);
                Assert.True(Math.Abs(analytic[p] - numeric) <= 2e-3 + 2e-2 * Math.Abs(numeric),
                    $"parameter {p}: analytic {analytic[p]}, finite difference {numeric} (seed {seed})");
            }
        }, iter: 20);

    [Fact]
    public void The_untrained_tower_is_the_centred_encoder()
    {
        var vectors = RandomVectors(new Random(3), 9, 6);
        var tower = ItemTower.Initial(vectors, 6, 4, seed: 1);
        var tuned = tower.TransformAll(vectors);
        var mean = new float[6];
        for (int i = 0; i < 9; i++) System.Numerics.Tensors.TensorPrimitives.Add(mean, vectors.AsSpan(i * 6, 6), mean);
        System.Numerics.Tensors.TensorPrimitives.Multiply(mean, 1f / 9, mean);
        for (int i = 0; i < 9; i++)
        {
            var expected = new float[6];
            System.Numerics.Tensors.TensorPrimitives.Subtract(vectors.AsSpan(i * 6, 6), mean, expected);
            VectorMath.Normalize(expected);
            for (int k = 0; k < 6; k++) Assert.Equal(expected[k], tuned[i * 6 + k], 5);
        }
    }

    /// <summary>
    /// Two blocks of users, each touching only its block's items in a fixed order; the items' text vectors are random,
    /// so only behaviour says which items belong together. Item 'new' has text and no events.
    /// </summary>
    private static RecommenderData Blocks(int dimensions = 16)
    {
        const int Items = 24, Users = 40;
        var builder = new EventTable.Builder();
        for (int i = 0; i < Items; i++) builder.Items.GetOrAdd($"i{i}");
        builder.Items.GetOrAdd("new");
        var random = new Random(5);
        long second = 1;
        for (int u = 0; u < Users; u++)
            foreach (var i in Enumerable.Range(0, Items).Where(i => i % 2 == u % 2).OrderBy(_ => random.Next()).Take(8))
                builder.Add($"u{u}", $"i{i}", EventType.Click, null, second++);
        var catalog = Enumerable.Range(0, Items).Select(i => Item.Create($"i{i}", $"Item {i}")).Append(Item.Create("new", "New")).ToArray();
        return new RecommenderData(builder.Build(), catalog, RandomVectors(new Random(11), Items + 1, dimensions), dimensions);
    }

    private static double MeanCosine(float[] vectors, int dimensions, Func<int, int, bool> pair)
    {
        double sum = 0;
        int count = 0;
        for (int a = 0; a < 24; a++)
            for (int b = a + 1; b < 24; b++)
                if (pair(a, b)) { sum += VectorMath.Dot(vectors.AsSpan(a * dimensions, dimensions), vectors.AsSpan(b * dimensions, dimensions)); count++; }
        return sum / count;
    }

    [Fact]
    public void Training_on_behaviour_pulls_co_interacted_items_together_and_every_item_with_text_gets_a_unit_vector()
    {
        var data = Blocks();
        var frozenGap = MeanCosine(data.ItemVectors!, 16, (a, b) => a % 2 == b % 2) - MeanCosine(data.ItemVectors!, 16, (a, b) => a % 2 != b % 2);
        var tower = new ItemTowerTrainer(new ItemTowerOptions { Hidden = 16, Steps = 300, BatchSize = 16, LearningRate = 1e-2 }).Fit(data);
        var tuned = tower.TransformAll(data.ItemVectors!);
        var tunedGap = MeanCosine(tuned, 16, (a, b) => a % 2 == b % 2) - MeanCosine(tuned, 16, (a, b) => a % 2 != b % 2);
        Assert.InRange(frozenGap, -0.1, 0.1);
        Assert.True(tunedGap > 0.3, $"within-block minus across-block cosine: frozen {frozenGap:0.000}, tuned {tunedGap:0.000}");
        for (int i = 0; i < 25; i++) Assert.Equal(1f, TensorNorm(tuned.AsSpan(i * 16, 16)), 4);
    }

    private static float TensorNorm(ReadOnlySpan<float> v) => System.Numerics.Tensors.TensorPrimitives.Norm(v);

    [Fact]
    public void The_same_seed_trains_the_same_tower_and_another_seed_another()
    {
        var data = Blocks(8);
        ItemTower Fit(int seed) => new ItemTowerTrainer(new ItemTowerOptions { Hidden = 4, Steps = 20, BatchSize = 8, Seed = seed }).Fit(data);
        Assert.Equal(Fit(1).Parameters, Fit(1).Parameters);
        Assert.NotEqual(Fit(1).Parameters, Fit(2).Parameters);
    }

    [Fact]
    public void A_written_tower_reads_back_to_the_same_function_and_another_format_is_refused()
    {
        var data = Blocks(8);
        var tower = new ItemTowerTrainer(new ItemTowerOptions { Hidden = 4, Steps = 20, BatchSize = 8 }).Fit(data);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) tower.Write(writer);
        stream.Position = 0;
        var read = ItemTower.Read(new BinaryReader(stream));
        Assert.Equal(tower.TransformAll(data.ItemVectors!), read.TransformAll(data.ItemVectors!));

        var bytes = stream.ToArray();
        bytes[0] = 99;
        var error = Assert.Throws<InvalidDataException>(() => ItemTower.Read(new BinaryReader(new MemoryStream(bytes))));
        Assert.Contains("format 99", error.Message);
    }

    [Fact]
    public void A_strata_model_with_a_tower_saves_and_reads_back_to_the_same_scores_from_the_frozen_vectors()
    {
        var data = Checkerboard.Create();
        var model = new StrataTrainer(SmallStrata).FitModel(data);
        Assert.NotNull(model.Tower);
        using var file = new MemoryStream();
        ModelFile.Write(file, model, "stamp");
        file.Position = 0;
        Assert.Equal("stamp", ModelFile.ReadStamp(file));
        var read = Assert.IsType<StrataModel>(ModelFile.ReadModel(file, data));
        Assert.NotNull(read.Tower);
        var history = UserHistory.OfItems(0, [2, 4, 6]);
        var expected = new float[data.Items.Count];
        var actual = new float[data.Items.Count];
        model.Score(history, expected);
        read.Score(history, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void A_strata_model_with_a_tower_clusters_its_tree_from_the_tuned_vectors_even_when_given_the_encoders()
    {
        var data = Checkerboard.Create();
        var encoders = TaxonomyBuilder.Build(data.ItemVectors!, data.Dimensions, data.Catalog, SmallStrata.TaxonomyOptions);
        var model = new StrataTrainer(SmallStrata with { Taxonomy = encoders }).FitModel(data);

        var tuned = TaxonomyBuilder.Build(model.Tower!.TransformAll(data.ItemVectors!), data.Dimensions, data.Catalog, SmallStrata.TaxonomyOptions);
        Assert.Equal(tuned.Fingerprint(), model.Taxonomy!.Fingerprint());
        Assert.NotEqual(encoders.Fingerprint(), model.Taxonomy.Fingerprint());
        // Without a tower, a given tree is the model's.
        var frozen = new StrataTrainer(SmallStrata with { Taxonomy = encoders, ItemTower = null }).FitModel(data);
        Assert.Equal(encoders.Fingerprint(), frozen.Taxonomy!.Fingerprint());
    }

    [Fact]
    public void From_the_tuned_text_limit_on_the_model_reads_the_frozen_vectors()
    {
        var data = Checkerboard.Create();
        var atLimit = new StrataTrainer(SmallStrata with { TunedTextItemLimit = data.Items.Count });
        Assert.Null(atLimit.FitModel(data).Tower);
        Assert.DoesNotContain(SignalFamily.TunedText, atLimit.Families(data));
        var belowLimit = new StrataTrainer(SmallStrata with { TunedTextItemLimit = data.Items.Count + 1 });
        Assert.NotNull(belowLimit.FitModel(data).Tower);
        Assert.Contains(SignalFamily.TunedText, belowLimit.Families(data));
    }

    /// <summary>Strata's model at toy size with a small tower, so a fit takes a moment.</summary>
    private static StrataOptions SmallStrata => new StrataOptions
    {
        CandidatesPerSource = 6,
        PopularCandidates = 2,
        Validation = new() { HoldoutFraction = 0.3, MinimumItems = 3 },
        Edlae = new() { DropoutProbability = 0.33, LambdaCandidates = [0.5, 5] },
        Bpr = new() { Factors = 8, Epochs = 50, Threads = 1 },
        ItemTower = new ItemTowerOptions { Hidden = 4, Steps = 30, BatchSize = 8 },
    };
}
