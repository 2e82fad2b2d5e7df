using System.Diagnostics;
using System.Globalization;
using Strata.Core.Vectors;
using Strata.Data.Synthetic;
using Strata.Embeddings.Hashing;
using Strata.Recommend.Retrieval;

namespace Strata.Benchmarks.Retrieval;

/// <summary>
/// <c>dotnet run -c Release --project bench/Strata.Benchmarks -- ann --items 1000000 [--queries 200] [--k 100]
/// [--connectivity 16] [--expansion-add 128] [--expansion-search 256] [--quantization float16|float32|int8] [--seed 42]</c>:
/// recall@k of the HNSW index against exact search on a synthetic shop's item vectors (hashed bag of words of each item's
/// title, categories and description, 384 dimensions), with build time, memory and single-thread query p50/p99.
/// Queries are interest-like: the normalised mean of three random items of one topic.
/// </summary>
internal static class AnnRecallRun
{
    public static void Run(string[] args)
    {
        int items = CommandArguments.Option(args, "--items", 100_000), queries = CommandArguments.Option(args, "--queries", 200), k = CommandArguments.Option(args, "--k", 100), seed = CommandArguments.Option(args, "--seed", 42);
        var options = new VectorIndexOptions
        {
            ExactBelow = 0,
            Connectivity = CommandArguments.Option(args, "--connectivity", 16),
            ExpansionAdd = CommandArguments.Option(args, "--expansion-add", 128),
            ExpansionSearch = CommandArguments.Option(args, "--expansion-search", 256),
            Quantization = Enum.Parse<VectorQuantization>(CommandArguments.Text(args, "--quantization", new VectorIndexOptions().Quantization.ToString()), ignoreCase: true),
        };
        const int dimensions = 384;
        Console.WriteLine($"ann: {items:N0} items × {dimensions}, {queries} queries, k = {k}, {options}; load average {MachineLoad.LoadAverage()}");

        var clock = Stopwatch.StartNew();
        var shop = new SyntheticShop(new SyntheticShopOptions { Seed = seed, Items = items, Users = 1, Events = 0, Topics = Math.Max(10, items / 2_000) });
        var vectorizer = new HashingVectorizer(dimensions);
        var vectors = new float[(long)items * dimensions];
        Parallel.For(0, items, i =>
        {
            var item = shop.ItemAt(i);
            var text = $"{item.Title}. {string.Join(" > ", item.Categories)}. {item.Text["description"]}";
            vectorizer.Embed(text, vectors.AsSpan((int)((long)i * dimensions), dimensions));
        });
        Console.WriteLine($"vectors: {clock.Elapsed.TotalSeconds:F1} s (hashed bag of words), resident {Gb(MachineLoad.ResidentBytes())}");

        var random = new Random(seed);
        var query = new float[queries * dimensions];
        for (int q = 0; q < queries; q++)
        {
            var row = query.AsSpan(q * dimensions, dimensions);
            var first = random.Next(items);
            var picked = 0;
            for (int tries = 0; picked < 3 && tries < 100_000; tries++)
            {
                var other = picked == 0 ? first : random.Next(items);
                if (shop.TopicOf(other) != shop.TopicOf(first)) continue;
                System.Numerics.Tensors.TensorPrimitives.Add(row, vectors.AsSpan((int)((long)other * dimensions), dimensions), row);
                picked++;
            }
            VectorMath.Normalize(row);
        }

        MachineLoad.ResetPeak();
        var before = MachineLoad.ResidentBytes();
        clock.Restart();
        using var index = USearchVectorIndex.Build(vectors, dimensions, options);
        var buildSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"build: {buildSeconds:F1} s ({items / buildSeconds:N0} vectors/s), index {Gb(index.MemoryBytes)}, " +
                          $"process peak {Gb(MachineLoad.PeakResidentBytes())} (+{Gb(MachineLoad.PeakResidentBytes() - before)} over the vectors); load average {MachineLoad.LoadAverage()}");

        var exact = new ExactVectorIndex(vectors, dimensions);
        var truth = new int[queries][];
        clock.Restart();
        Parallel.For(0, queries, q =>
        {
            truth[q] = new int[k];
            exact.Search(query.AsSpan(q * dimensions, dimensions), truth[q], new float[k]);
        });
        Console.WriteLine($"exact truth: {clock.Elapsed.TotalSeconds:F1} s");

        var ids = new int[k];
        var scores = new float[k];
        var annLatency = new double[queries];
        var exactLatency = new double[Math.Min(queries, 50)];
        double hits = 0;
        for (int q = 0; q < queries; q++)
        {
            var start = Stopwatch.GetTimestamp();
            var found = index.Search(query.AsSpan(q * dimensions, dimensions), ids, scores);
            annLatency[q] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            hits += ids.AsSpan(0, found).ToArray().Intersect(truth[q]).Count();
        }
        for (int q = 0; q < exactLatency.Length; q++)
        {
            var start = Stopwatch.GetTimestamp();
            exact.Search(query.AsSpan(q * dimensions, dimensions), ids, scores);
            exactLatency[q] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Console.WriteLine($"recall@{k}: {hits / ((double)queries * k):F4}; ANN p50 {Percentile(annLatency, 0.5):F2} ms, p99 {Percentile(annLatency, 0.99):F2} ms; " +
                          $"exact p50 {Percentile(exactLatency, 0.5):F2} ms, p99 {Percentile(exactLatency, 0.99):F2} ms (one thread); load average {MachineLoad.LoadAverage()}");

        var path = Path.Combine(Path.GetTempPath(), $"strata-ann-{Environment.ProcessId}.usearch");
        clock.Restart();
        index.Save(path);
        var saveSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        using (var loaded = VectorIndex.Load(path, options)) Console.WriteLine($"save {saveSeconds:F1} s, load {clock.Elapsed.TotalSeconds:F1} s, file {Gb(new FileInfo(path).Length)}");
        File.Delete(path);
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static string Gb(long bytes) => (bytes / 1e9).ToString("0.00", CultureInfo.InvariantCulture) + " GB";
}
