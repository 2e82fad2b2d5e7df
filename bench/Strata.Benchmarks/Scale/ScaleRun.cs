using Strata.Engine;
using System.Diagnostics;
using System.Globalization;
using Strata.Core.Ids;
using Strata.Core.Interactions;
using Strata.Data.Synthetic;
using Strata.Embeddings.Hashing;
using Strata.Interests.Fitting;
using Strata.Interests.Taxonomies;
using Strata.Recommend;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Retrieval;
using Strata.Recommend.Sequential;
using Strata.Storage;
using Strata.Storage.Sqlite;

namespace Strata.Benchmarks.Scale;

/// <summary>
/// <c>dotnet run -c Release --project bench/Strata.Benchmarks -- scale [--items 10000,100000,1000000] [--events-per-item 10]
/// [--users-per-item 0.5] [--factors 64] [--epochs 10] [--requests 1000] [--seed 42] [--seq-visits 20000000] [--no-content-index]</c>: the whole path at growing sizes —
/// synthetic shop → SQLite import → event table and catalogue read back → item vectors → taxonomy → implicit ALS → the
/// sequential model (at most <c>--seq-visits</c> example visits, <see cref="SequentialOptions.MaxExampleVisits"/>) →
/// serving (iALS top-10 and ANN content top-100) — with wall time and peak resident memory per stage, request p50/p99,
/// and the fitted exponent of each stage's time against the number of events.
/// Vectors come from <see cref="HashingVectorizer"/> (a hashed bag of words) at every size, so the curve is comparable;
/// a sentence encoder would add ≈ 1 ms per item (int8 MiniLM, 2 cores) and is measured in Embeddings/README.md.
/// </summary>
internal static class ScaleRun
{
    private const int Dimensions = 384;
    private static readonly string[] Stages = ["import", "read", "embed", "taxonomy", "ials", "ials index", "seq", "ann index"];

    public static async Task RunAsync(string[] args)
    {
        var sizes = CommandArguments.Text(args, "--items", "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var eventsPerItem = double.Parse(CommandArguments.Text(args, "--events-per-item", "10"), CultureInfo.InvariantCulture);
        var usersPerItem = double.Parse(CommandArguments.Text(args, "--users-per-item", "0.5"), CultureInfo.InvariantCulture);
        int factors = CommandArguments.Option(args, "--factors", 64), epochs = CommandArguments.Option(args, "--epochs", 10);
        int requests = CommandArguments.Option(args, "--requests", 1000), seed = CommandArguments.Option(args, "--seed", 42);
        var sequentialVisits = long.Parse(CommandArguments.Text(args, "--seq-visits", "20000000"), CultureInfo.InvariantCulture);
        var contentIndex = !args.Contains("--no-content-index");
        Console.WriteLine($"scale: sizes {string.Join(", ", sizes)}; {eventsPerItem} events and {usersPerItem} users per item; iALS f = {factors}, {epochs} epochs; sequential ≤ {sequentialVisits:N0} example visits; " +
                          $"{Environment.ProcessorCount} cores; load average {MachineLoad.LoadAverage()}");
        var rows = new List<(long Events, Dictionary<string, (double Seconds, long PeakBytes)> Stages, string Serving)>();
        foreach (var items in sizes)
        {
            var events = (long)(items * eventsPerItem);
            var stages = await RunSizeAsync(items, Math.Max(1, (int)(items * usersPerItem)), events, factors, epochs, requests, seed, sequentialVisits, contentIndex);
            rows.Add((events, stages.Stages, stages.Serving));
        }

        Console.WriteLine();
        Console.WriteLine("| items | events | " + string.Join(" | ", Stages.Select(s => s + " s (peak GB)")) + " | serving |");
        Console.WriteLine("| ---: | ---: | " + string.Join(" | ", Stages.Select(_ => "---:")) + " | --- |");
        for (int r = 0; r < rows.Count; r++)
        {
            var cells = Stages.Select(s => rows[r].Stages.TryGetValue(s, out var m) ? $"{m.Seconds:F1} ({m.PeakBytes / 1e9:F2})" : "–");
            Console.WriteLine($"| {sizes[r]:N0} | {rows[r].Events:N0} | {string.Join(" | ", cells)} | {rows[r].Serving} |");
        }
        if (rows.Count >= 2)
        {
            var exponents = Stages.Where(s => rows.All(r => r.Stages.ContainsKey(s))).Select(s => $"{s} {Exponent(rows.Select(r => (double)r.Events).ToArray(), rows.Select(r => r.Stages[s].Seconds).ToArray()):F2}");
            Console.WriteLine($"\nfitted exponent of time vs events (least squares on log–log): {string.Join(", ", exponents)}");
        }
    }

    private static async Task<(Dictionary<string, (double, long)> Stages, string Serving)> RunSizeAsync(
        int itemCount, int userCount, long eventCount, int factors, int epochs, int requests, int seed, long sequentialVisits, bool contentIndex)
    {
        Console.WriteLine($"\n== {itemCount:N0} items, {userCount:N0} users, {eventCount:N0} events (load average {MachineLoad.LoadAverage()})");
        var measured = new Dictionary<string, (double, long)>();
        var folder = Directory.CreateTempSubdirectory("strata-scale-").FullName;
        try
        {
            var shop = new SyntheticShop(new SyntheticShopOptions
            {
                Seed = seed, Items = itemCount, Users = userCount, Events = eventCount, Topics = Math.Clamp(itemCount / 500, 20, 400),
            });
            await using var store = SqliteStore.Open(Path.Combine(folder, "scale.db"));
            var imported = await Measure(measured, "import", () => store.ImportAsync(new ImportSource(shop.Items(), shop.Users(), shop.Events())));

            var (catalog, table) = await Measure(measured, "read", async () =>
            {
                var list = new List<Core.Domain.Item>(itemCount);
                await foreach (var item in store.ReadItemsAsync()) list.Add(item);
                var ids = IdMap.From(list.Select(i => i.Id));
                return (list, await EventTableLoader.ReadAsync(store, ids));
            });

            var vectors = await Measure(measured, "embed", () =>
            {
                var vectorizer = new HashingVectorizer(Dimensions);
                var result = new float[(long)catalog.Count * Dimensions];
                Parallel.For(0, catalog.Count, i =>
                {
                    var item = catalog[i];
                    var text = $"{item.Title}. {string.Join(" > ", item.Categories)}. {item.Text.GetValueOrDefault("description")}";
                    vectorizer.Embed(text, result.AsSpan((int)((long)i * Dimensions), Dimensions));
                });
                return Task.FromResult(result);
            });

            var taxonomy = await Measure(measured, "taxonomy", () => Task.FromResult(TaxonomyBuilder.Build(vectors, Dimensions, catalog, new TaxonomyOptions { Seed = seed })));
            Console.WriteLine($"   taxonomy: {taxonomy.MacroCount} macro, {taxonomy.NodeCount - taxonomy.MacroCount} meso nodes");

            var data = new RecommenderData(table, catalog, vectors, Dimensions);
            var trainer = new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = factors, Epochs = epochs, Regularization = 10, Alpha = 8, Seed = seed });
            var model = await Measure(measured, "ials", () => Task.FromResult(trainer.Fit(data)));

            var als = (ImplicitAlsModel)model;
            await Measure(measured, "ials index", () => Task.FromResult(als.Retrieval.Index));
            var sequential = new SequentialTrainer(new SequentialOptions { Seed = seed, MaxExampleVisits = sequentialVisits });
            await Measure(measured, "seq", () => Task.FromResult(sequential.FitModel(data)));
            // --no-content-index skips the slowest stage (HNSW over 384-dim vectors; measured on its own by the ann command).
            using var index = contentIndex ? await Measure(measured, "ann index", () => Task.FromResult(VectorIndex.Build(vectors, Dimensions))) : null;
            var serving = Serve(table, als, index, vectors, requests, seed);
            Console.WriteLine($"   serving: {serving}");
            Console.WriteLine($"   imported {imported.Events:N0} events in {imported.Elapsed.TotalSeconds:F1} s ({imported.Events / imported.Elapsed.TotalSeconds:N0}/s)");
            return (measured, serving);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Single-threaded request latency: iALS top-10 through its item index (fold-in + inner-product search), iALS top-10 by
    /// scoring every item (what <see cref="IRecommender.Score"/> does), and ANN content top-100 (mean vector of the last 20 items).
    /// </summary>
    private static string Serve(EventTable table, ImplicitAlsModel model, IVectorIndex? index, float[] vectors, int requests, int seed)
    {
        var histories = UserHistories.From(table);
        var random = new Random(seed);
        var users = Enumerable.Range(0, requests).Select(_ => random.Next(histories.Length)).Where(u => histories[u].Count > 0).ToArray();
        var items = table.Items.Count;
        var recommend = new double[users.Length];
        var indexed = new double[users.Length];
        var top = new int[10];
        var topScores = new float[10];
        long agreeing = 0, listed = 0;
        var content = new double[users.Length];
        var ids = new int[100];
        var scores = new float[100];
        var query = new float[Dimensions];
        for (int r = -Math.Min(20, users.Length); r < users.Length; r++) // negative r: warm-up
        {
            var history = histories[users[Math.Abs(r) % users.Length]];
            var start = Stopwatch.GetTimestamp();
            var exact = model.Recommend(history, 10, items);
            if (r >= 0) recommend[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            start = Stopwatch.GetTimestamp();
            var found = model.Recommend(history, top, topScores);
            if (r >= 0) indexed[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (r >= 0)
            {
                listed += exact.Length;
                foreach (var scored in exact) if (Array.IndexOf(top, scored.Item, 0, found) >= 0) agreeing++;
            }

            if (index is null) continue;
            start = Stopwatch.GetTimestamp();
            Array.Clear(query);
            var recent = history.Items.AsSpan(Math.Max(0, history.Count - 20));
            foreach (var item in recent)
                System.Numerics.Tensors.TensorPrimitives.Add(query, vectors.AsSpan((int)((long)item * Dimensions), Dimensions), query);
            Core.Vectors.VectorMath.Normalize(query);
            index.Search(query, ids, scores, history.Items);
            if (r >= 0) content[r] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        return $"iALS top-10 via {(model.Retrieval.Index.IsExact ? "exact" : "HNSW")} item index p50 {Percentile(indexed, 0.5):F2} / p99 {Percentile(indexed, 0.99):F2} ms " +
               $"(recall@10 against scoring every item {agreeing / (double)Math.Max(1, listed):F3}), " +
               $"scoring every item p50 {Percentile(recommend, 0.5):F2} / p99 {Percentile(recommend, 0.99):F2} ms; " +
               (index is null ? "no content index" :
                   $"{(index.IsExact ? "exact" : "HNSW")} content top-100 p50 {Percentile(content, 0.5):F2} / p99 {Percentile(content, 0.99):F2} ms");
    }

    private static async Task<T> Measure<T>(Dictionary<string, (double, long)> measured, string stage, Func<Task<T>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        MachineLoad.ResetPeak();
        var start = Stopwatch.GetTimestamp();
        var result = await run();
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        measured[stage] = (seconds, MachineLoad.PeakResidentBytes());
        Console.WriteLine($"   {stage}: {seconds:F1} s, process peak {MachineLoad.PeakResidentBytes() / 1e9:F2} GB (load average {MachineLoad.LoadAverage()})");
        return result;
    }

    private static double Exponent(double[] x, double[] y)
    {
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        int n = x.Length;
        for (int i = 0; i < n; i++)
        {
            double lx = Math.Log(x[i]), ly = Math.Log(Math.Max(y[i], 1e-3));
            sx += lx; sy += ly; sxx += lx * lx; sxy += lx * ly;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }

    private static double Percentile(double[] values, double p)
    {
        if (values.Length == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
