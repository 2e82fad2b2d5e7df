using System.Diagnostics;
using Strata.Evaluation.Metrics;
using Strata.Evaluation.Splits;
using Strata.Recommend;
using Strata.Interests.Profiles;

namespace Strata.Evaluation.Harness;

/// <summary>
/// Fits models on a split's training data and measures them on its test sets, through the model seam only
/// (<see cref="IRecommenderTrainer.Fit"/>, <see cref="IRecommender.Score"/>): implicit's rule that evaluation never
/// reaches into a model. Users are scored in parallel; every number is independent of thread count and scheduling.
/// </summary>
public sealed class EvaluationHarness(EvaluationOptions options)
{
    /// <summary>Extra metric keys on the cold-items protocol: share of withheld items recommended to anyone, and share of list slots they fill.</summary>
    public const string ColdCoverage = "cold_coverage", ColdShare = "cold_share";

    public EvaluationOptions Options { get; } = options;

    /// <summary>Fits <paramref name="trainer"/> on <c>split.Train</c> and evaluates every test set.</summary>
    /// <param name="progress">Called with the number of users scored so far (for progress bars), from any thread.</param>
    public IReadOnlyList<ModelResult> Run(EvaluationSplit split, IRecommenderTrainer trainer, float[]? itemVectors, int dimensions,
        Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var (model, fitSeconds) = Fit(split, trainer, itemVectors, dimensions, cancellationToken: cancellationToken);
        return Evaluate(model, trainer.Name, split, itemVectors, dimensions, fitSeconds, progress, cancellationToken);
    }

    /// <summary>
    /// Fits on the training split only (catalogue and vectors included); returns the model and the wall time in seconds.
    /// <paramref name="feedback"/> says which events are positive (default: the default weights').
    /// </summary>
    public static (IRecommender Model, double Seconds) Fit(EvaluationSplit split, IRecommenderTrainer trainer, float[]? itemVectors, int dimensions,
        EventWeights? feedback = null, CancellationToken cancellationToken = default)
    {
        var data = new RecommenderData(split.Train, split.Catalog, itemVectors, dimensions) { Feedback = feedback ?? EventWeights.Default };
        var clock = Stopwatch.StartNew();
        var model = trainer.Fit(data, cancellationToken);
        return (model, clock.Elapsed.TotalSeconds);
    }

    /// <summary>Scores a fitted model on every test set of the split.</summary>
    public IReadOnlyList<ModelResult> Evaluate(IRecommender model, string name, EvaluationSplit split, float[]? itemVectors, int dimensions,
        double fitSeconds, Action<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var context = new MeasureContext(split, itemVectors, dimensions);
        var results = new List<ModelResult>();
        int done = 0;
        foreach (var set in split.TestSets)
            results.Add(Evaluate(model, name, set, context, fitSeconds, () => progress?.Invoke(Interlocked.Increment(ref done)), cancellationToken));
        return results;
    }

    private ModelResult Evaluate(IRecommender model, string name, TestSet set, MeasureContext context, double fitSeconds,
        Action? userDone, CancellationToken cancellationToken)
    {
        var k = Options.K;
        var perUser = StandardMetrics.PerUser(k);
        var cases = set.Cases;
        var lists = new int[cases.Count][];
        var values = new double[perUser.Count, cases.Count];
        var catalogSize = context.CatalogSize;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        Parallel.For(0, cases.Count, parallel,
            () => (Scores: new float[catalogSize], Excluded: new bool[catalogSize], Top: new int[k]),
            (c, _, buffers) =>
            {
                var query = cases[c];
                foreach (var item in query.Excluded) buffers.Excluded[item] = true;
                model.Score(query.History, buffers.Scores);
                ReplaceNaN(buffers.Scores);
                var count = TopK.Select(buffers.Scores, buffers.Excluded, buffers.Top);
                var (ranks, negativesAbove) = RelevantRanks.Compute(buffers.Scores, buffers.Excluded, query.Relevant);
                var ranking = new UserRanking(buffers.Top[..count], query.Relevant, ranks, catalogSize - query.Excluded.Distinct().Count(), k, negativesAbove);
                lists[c] = ranking.Recommended;
                for (int m = 0; m < perUser.Count; m++) values[m, c] = perUser[m].Measure(ranking);
                foreach (var item in query.Excluded) buffers.Excluded[item] = false;
                userDone?.Invoke();
                return buffers;
            },
            _ => { });
        var latencyMs = Options.MeasureLatency ? MeasureLatency(model, cases, catalogSize, k, cancellationToken) : [];

        var metrics = new Dictionary<string, double>();
        var userValues = new Dictionary<string, double[]>();
        for (int m = 0; m < perUser.Count; m++)
        {
            var column = new double[cases.Count];
            double sum = 0;
            for (int c = 0; c < cases.Count; c++) sum += column[c] = values[m, c];
            metrics[perUser[m].Name] = cases.Count == 0 ? double.NaN : sum / cases.Count;
            userValues[perUser[m].Name] = column;
        }
        metrics[CatalogCoverage.Name] = CatalogCoverage.Measure(lists, catalogSize);
        metrics[IntraListDiversity.Name] = context.MeanDiversity(lists);
        metrics[Novelty.Name] = context.MeanNovelty(lists);
        if (context.ColdItems is { } cold) AddColdItemMetrics(metrics, lists, cold);
        Array.Sort(latencyMs);
        return new ModelResult(name, set.Name, metrics, fitSeconds, Percentile(latencyMs, 0.50), Percentile(latencyMs, 0.99), cases.Count, userValues);
    }

    /// <summary>
    /// Per-user time to score and select the top k, in milliseconds, measured one user at a time after one untimed call,
    /// so neither JIT compilation nor the parallel metric pass (its threads, its allocations) is in the numbers.
    /// </summary>
    private static double[] MeasureLatency(IRecommender model, IReadOnlyList<TestCase> cases, int catalogSize, int k, CancellationToken cancellationToken)
    {
        var scores = new float[catalogSize];
        var excluded = new bool[catalogSize];
        var top = new int[k];
        var latencyMs = new double[cases.Count];
        if (cases.Count > 0) model.Score(cases[0].History, scores);
        for (int c = 0; c < cases.Count; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var query = cases[c];
            foreach (var item in query.Excluded) excluded[item] = true;
            var start = Stopwatch.GetTimestamp();
            model.Score(query.History, scores);
            ReplaceNaN(scores);
            TopK.Select(scores, excluded, top);
            latencyMs[c] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            foreach (var item in query.Excluded) excluded[item] = false;
        }
        return latencyMs;
    }

    private static void AddColdItemMetrics(Dictionary<string, double> metrics, int[][] lists, bool[] cold)
    {
        var reached = new bool[cold.Length];
        long slots = 0, coldSlots = 0;
        foreach (var list in lists)
            foreach (var item in list)
            {
                slots++;
                if (!cold[item]) continue;
                coldSlots++;
                reached[item] = true;
            }
        var coldTotal = cold.Count(c => c);
        metrics[ColdCoverage] = coldTotal == 0 ? double.NaN : (double)reached.Count(r => r) / coldTotal;
        metrics[ColdShare] = slots == 0 ? double.NaN : (double)coldSlots / slots;
    }

    private static void ReplaceNaN(Span<float> scores)
    {
        for (int i = 0; i < scores.Length; i++)
            if (float.IsNaN(scores[i])) scores[i] = float.NegativeInfinity;
    }

    /// <summary>Nearest-rank percentile of ascending <paramref name="sorted"/> values.</summary>
    public static double Percentile(double[] sorted, double quantile)
    {
        if (sorted.Length == 0) return double.NaN;
        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
