using Strata.Recommend.Collaborative;
using Strata.Recommend.Retrieval;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Retrieval;

public sealed class InnerProductIndexTests
{
    private const int Dimensions = 16, Count = 3_000;

    /// <summary>Rows of very different norms, as factor models learn for popular and rare items.</summary>
    private static readonly float[] Rows = CreateRows();

    private static float[] CreateRows()
    {
        var rows = ClusteredVectors.Create(Count, Dimensions, centres: 10, spread: 1.5f, seed: 3);
        var random = new Random(5);
        for (int r = 0; r < Count; r++)
            System.Numerics.Tensors.TensorPrimitives.Multiply(rows.AsSpan(r * Dimensions, Dimensions), (float)(0.1 + 3 * random.NextDouble()), rows.AsSpan(r * Dimensions, Dimensions));
        return rows;
    }

    private static int[] BruteForce(float[] query, int k, int[] excluded) =>
        Enumerable.Range(0, Count).Where(r => !excluded.Contains(r))
            .Select(r => (Row: r, Score: System.Numerics.Tensors.TensorPrimitives.Dot(Rows.AsSpan(r * Dimensions, Dimensions), query)))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Row).Take(k).Select(x => x.Row).ToArray();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Finds_the_rows_of_highest_inner_product_not_of_highest_cosine(bool exact)
    {
        using var index = InnerProductIndex.Build(Rows, Dimensions, new VectorIndexOptions { ExactBelow = exact ? int.MaxValue : 0 });
        var random = new Random(9);
        var (ids, scores) = (new int[20], new float[20]);
        double hits = 0;
        for (int q = 0; q < 50; q++)
        {
            var query = Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            int[] excluded = [q, q + 1];
            var truth = BruteForce(query, 20, excluded);
            Assert.Equal(20, index.Search(query, ids, scores, excluded));
            Assert.DoesNotContain(ids, excluded.Contains);
            hits += ids.Intersect(truth).Count();
            if (exact)
            {
                Assert.Equal(truth, ids);
                Assert.Equal(System.Numerics.Tensors.TensorPrimitives.Dot(Rows.AsSpan(ids[0] * Dimensions, Dimensions), query), scores[0], 3);
            }
        }
        Assert.True(hits / (50 * 20) >= 0.95, $"recall {hits / 1000:F3}");
    }

    [Fact]
    public void A_retrieval_with_a_bias_column_finds_the_best_rows_by_score_plus_bias_and_its_graph_reads_back_as_written()
    {
        var bias = Enumerable.Range(0, Count).Select(r => (float)(r % 7) * 0.5f).ToArray();
        using var graph = new InnerProductRetrieval(Rows, Dimensions, bias, overFetch: 10, new VectorIndexOptions { ExactBelow = 0 });
        Assert.False(graph.Index.IsExact);
        using var file = new MemoryStream();
        using (var writer = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true)) graph.WriteIndex(writer);
        file.Position = 0;
        // Default options would scan 3,000 rows exactly: the graph read back replaces that.
        using var read = new InnerProductRetrieval(Rows, Dimensions, bias);
        using (var reader = new BinaryReader(file)) read.ReadIndex(reader);
        Assert.False(read.Index.IsExact);
        var random = new Random(4);
        var (a, b, scores) = (new int[10], new int[10], new float[10]);
        double hits = 0;
        for (int q = 0; q < 30; q++)
        {
            var query = Enumerable.Range(0, Dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var truth = Enumerable.Range(0, Count).Where(r => r != q)
                .OrderByDescending(r => System.Numerics.Tensors.TensorPrimitives.Dot(Rows.AsSpan(r * Dimensions, Dimensions), query) + bias[r])
                .Take(10).ToArray();
            Assert.Equal(10, graph.Search(query, a, scores, [q]));
            Assert.Equal(10, read.Search(query, b, scores, [q]));
            Assert.Equal(a, b);
            Assert.Equal(graph.Score(a[0], query), scores[0]);
            hits += a.Intersect(truth).Count();
        }
        Assert.True(hits / 300 >= 0.95, $"recall@10 {hits / 300:F3}");
    }

    [Fact]
    public void Ials_served_through_its_item_index_agrees_with_scoring_every_item()
    {
        var data = Checkerboard.Create();
        var model = (ImplicitAlsModel)new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = 8, Regularization = 0.1, Alpha = 8 }).Fit(data);
        var histories = UserHistories.From(data.Train);
        var (ids, scores) = (new int[5], new float[5]);
        foreach (var history in histories)
        {
            var expected = model.Recommend(history, 5, Checkerboard.Items);
            Assert.Equal(expected.Length, model.Recommend(history, ids, scores));
            Assert.Equal(expected.Select(s => s.Item), ids);
            for (int r = 0; r < 5; r++) Assert.Equal(expected[r].Score, scores[r], 3);
        }
    }
}
