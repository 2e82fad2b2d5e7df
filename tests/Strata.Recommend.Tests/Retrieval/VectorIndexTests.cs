using Strata.Recommend.Retrieval;

namespace Strata.Recommend.Tests.Retrieval;

public sealed class VectorIndexTests : IDisposable
{
    private const int Dimensions = 32;
    private static readonly float[] Vectors = ClusteredVectors.Create(4_000, Dimensions, centres: 20, spread: 1.0f, seed: 7);
    private static readonly VectorIndexOptions Graph = new() { ExactBelow = 0, ExpansionSearch = 128 };
    private readonly string _folder = Directory.CreateTempSubdirectory("strata-vectors-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string> Kinds => ["exact", "graph", "graph-float32", "graph-int8"];

    private static IVectorIndex Build(string kind) => kind switch
    {
        "exact" => VectorIndex.Build(Vectors, Dimensions),
        "graph" => VectorIndex.Build(Vectors, Dimensions, Graph),
        "graph-float32" => VectorIndex.Build(Vectors, Dimensions, Graph with { Quantization = VectorQuantization.Float32 }),
        _ => VectorIndex.Build(Vectors, Dimensions, Graph with { Quantization = VectorQuantization.Int8 }),
    };

    private static ReadOnlySpan<float> Row(int i) => Vectors.AsSpan(i * Dimensions, Dimensions);

    [Fact]
    public void The_factory_scans_exactly_below_the_threshold_and_builds_a_graph_above()
    {
        using var small = VectorIndex.Build(Vectors, Dimensions, new VectorIndexOptions { ExactBelow = 4_001 });
        using var large = VectorIndex.Build(Vectors, Dimensions, new VectorIndexOptions { ExactBelow = 4_000 });
        Assert.True(small.IsExact);
        Assert.False(large.IsExact);
        Assert.Equal(4_000, large.Count);
        Assert.Equal(Dimensions, large.Dimensions);
    }

    [Fact]
    public void Exact_search_returns_the_highest_inner_products_best_first()
    {
        using var index = Build("exact");
        var ids = new int[10];
        var scores = new float[10];
        Assert.Equal(10, index.Search(Row(123), ids, scores));
        var expected = Enumerable.Range(0, 4_000)
            .Select(i => (Id: i, Score: System.Numerics.Tensors.TensorPrimitives.Dot(Row(i), Row(123))))
            .OrderByDescending(x => x.Score).ThenBy(x => x.Id).Take(10).ToArray();
        Assert.Equal(expected.Select(x => x.Id), ids);
        Assert.Equal(123, ids[0]);
        for (int r = 0; r < 10; r++) Assert.Equal(expected[r].Score, scores[r], 5);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Recall_at_50_against_exact_search_is_high(string kind)
    {
        using var exact = Build("exact");
        using var index = Build(kind);
        var (truth, found) = (new int[50], new int[50]);
        var scores = new float[50];
        double hits = 0;
        for (int q = 0; q < 100; q++)
        {
            var query = Row(q * 37);
            exact.Search(query, truth, scores);
            Assert.Equal(50, index.Search(query, found, scores));
            hits += found.Intersect(truth).Count();
            for (int r = 1; r < 50; r++) Assert.True(scores[r] <= scores[r - 1] + 1e-6f, "best first");
        }
        Assert.True(hits / (100 * 50) >= (kind == "graph-int8" ? 0.9 : 0.97), $"{kind}: recall {hits / 5000:F3}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Excluded_ids_are_never_returned_and_k_results_still_are(string kind)
    {
        using var index = Build(kind);
        var ids = new int[20];
        var scores = new float[20];
        index.Search(Row(5), ids, scores);
        var excluded = ids.Take(15).Reverse().ToArray(); // the 15 nearest, in no particular order
        var again = new int[20];
        Assert.Equal(20, index.Search(Row(5), again, scores, excluded));
        Assert.Empty(again.Intersect(excluded));
        Assert.Equal(ids.Skip(15).Take(3).OrderBy(i => i), again.Take(3).OrderBy(i => i));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_saved_index_loads_and_answers_the_same(string kind)
    {
        using var index = Build(kind);
        var path = Path.Combine(_folder, kind + ".index");
        index.Save(path);
        using var loaded = VectorIndex.Load(path, Graph);
        Assert.Equal(index.IsExact, loaded.IsExact);
        Assert.Equal(index.Count, loaded.Count);
        var (a, b) = (new int[30], new int[30]);
        var (sa, sb) = (new float[30], new float[30]);
        for (int q = 0; q < 20; q++)
        {
            index.Search(Row(q * 101), a, sa);
            loaded.Search(Row(q * 101), b, sb);
            Assert.Equal(a, b);
            Assert.Equal(sa, sb);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Concurrent_searches_agree_with_one_at_a_time(string kind)
    {
        using var index = Build(kind);
        var expected = new int[200][];
        for (int q = 0; q < 200; q++)
        {
            expected[q] = new int[10];
            index.Search(Row(q), expected[q], new float[10]);
        }
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 8 }, q =>
        {
            var ids = new int[10];
            index.Search(Row(q), ids, new float[10]);
            Assert.Equal(expected[q], ids);
        });
    }

    [Fact]
    public void A_query_of_the_wrong_width_or_a_foreign_file_is_a_clear_error()
    {
        using var index = Build("graph");
        var error = Assert.Throws<ArgumentException>(() => index.Search(new float[Dimensions + 1], new int[5], new float[5]));
        Assert.Contains("dimensions", error.Message);
        var path = Path.Combine(_folder, "junk.index");
        File.WriteAllText(path, "STRATAVX but not really an index");
        Assert.Throws<InvalidDataException>(() => VectorIndex.Load(path));
        File.WriteAllText(path, "neither kind");
        var native = Assert.Throws<InvalidOperationException>(() => VectorIndex.Load(path));
        Assert.Contains("USearch", native.Message);
    }
}
