using System.Numerics.Tensors;
using Strata.Recommend.Validation;
using Strata.Interests.Profiles;

namespace Strata.Recommend.Collaborative;

/// <summary>
/// Implicit ALS (Hu, Koren &amp; Volinsky 2008, "Collaborative Filtering for Implicit Feedback Datasets"): minimise
/// Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(‖X‖² + ‖Y‖²) with p_ui = 1 for observed pairs (c = 1 + α), 0 elsewhere (c = 1).
/// Each half-pass updates every row by a few conjugate-gradient steps on its normal equations, warm-started from the
/// previous pass (Takács, Pilászy &amp; Tikk 2011), computing A·v = (YᵀY + λI)·v + Σ_{i∈u} (c−1)(y_i·v)·y_i without forming A.
/// <para>
/// Cost per epoch: O(nnz·f·steps + (users + items)·f²·steps) — linear in the events, never n². Memory: the CSR/CSC
/// interaction matrix and (users + items) × f floats. Rows are independent within a half-pass and the Gram matrix is
/// summed in a fixed order, so a seed gives the same model whatever the thread count.
/// </para>
/// </summary>
public sealed class ImplicitAlsTrainer(ImplicitAlsOptions? options = null) : IRecommenderTrainer
{
    private const int GramChunks = 64;
    private readonly ImplicitAlsOptions _options = options ?? new ImplicitAlsOptions();

    public string Name => "ials";

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default)
    {
        var (regularization, alpha) = Hyperparameters(data, cancellationToken);
        return Fit(InteractionMatrix.From(data.Train, data.Feedback), regularization, alpha, data.Feedback, cancellationToken);
    }

    /// <summary>(λ, α): given, or the candidate with the best validation nDCG@10 (the first candidate on large data).</summary>
    public (double Regularization, double Alpha) Hyperparameters(RecommenderData data, CancellationToken cancellationToken = default)
    {
        if (_options.Regularization is { } given) return (given, _options.Alpha);
        if (data.Train.Count > _options.TuneBelowInteractions || _options.Candidates.Count == 1) return _options.Candidates[0];
        var split = ValidationSplit.Carve(data.Train, _options.Validation, data.Feedback);
        var matrix = InteractionMatrix.From(split.Fit, data.Feedback);
        var best = _options.Candidates[0];
        var bestScore = double.NegativeInfinity;
        foreach (var candidate in _options.Candidates)
        {
            var score = split.NdcgAt(Fit(matrix, candidate.Regularization, candidate.Alpha, data.Feedback, cancellationToken), 10, cancellationToken);
            if (score > bestScore) { bestScore = score; best = candidate; }
        }
        return best;
    }

    /// <summary>The interaction matrix, both factor matrices, the Gram matrix and per-thread scratch (tuning fits one candidate at a time).</summary>
    public long EstimateBytes(DataShape shape) => shape.InteractionBytes + EstimateBytes(shape.Users, shape.Items, shape.Events);

    /// <summary>Bytes a fit of <paramref name="matrix"/> holds beyond the matrix itself: both factor matrices, the Gram matrix and per-thread scratch.</summary>
    public long EstimateBytes(int users, int items, long interactions)
    {
        long f = _options.Factors;
        return ((long)users + items) * f * sizeof(float) + f * f * (sizeof(double) + sizeof(float))
               + interactions * 2 * sizeof(int) + ((long)users + items + 2) * sizeof(int) * 2 + _options.Threads * 6 * f * sizeof(float);
    }

    /// <exception cref="InvalidOperationException">The fit would exceed <see cref="ImplicitAlsOptions.MemoryBudgetBytes"/>.</exception>
    public ImplicitAlsModel Fit(InteractionMatrix matrix, double regularization, double alpha, EventWeights feedback, CancellationToken cancellationToken = default)
    {
        var bytes = EstimateBytes(matrix.UserCount, matrix.ItemCount, matrix.Count);
        if (_options.MemoryBudgetBytes > 0 && bytes > _options.MemoryBudgetBytes)
            throw new InvalidOperationException(
                $"implicit ALS on {matrix.UserCount:N0} users × {matrix.ItemCount:N0} items ({matrix.Count:N0} pairs, {_options.Factors} factors) " +
                $"needs ≈ {bytes / 1e9:F1} GB, above the budget of {_options.MemoryBudgetBytes / 1e9:F1} GB " +
                $"(raise {nameof(ImplicitAlsOptions)}.{nameof(ImplicitAlsOptions.MemoryBudgetBytes)} or lower {nameof(ImplicitAlsOptions.Factors)})");
        int f = _options.Factors;
        var userFactors = new float[(long)matrix.UserCount * f];
        var itemFactors = new float[(long)matrix.ItemCount * f];
        var random = new Random(_options.Seed);
        var scale = 0.1 / Math.Sqrt(f);
        for (long x = 0; x < itemFactors.LongLength; x++) itemFactors[x] = (float)(Gaussian(random) * scale);
        var gram = new double[f * f];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Threads), CancellationToken = cancellationToken };
        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            Gram(itemFactors, f, regularization, gram, parallel);
            Update(userFactors, itemFactors, matrix.UserOffsets, matrix.UserItems, gram, f, alpha, parallel);
            Gram(userFactors, f, regularization, gram, parallel);
            Update(itemFactors, userFactors, matrix.ItemOffsets, matrix.ItemUsers, gram, f, alpha, parallel);
        }
        Gram(itemFactors, f, regularization, gram, parallel);
        return new ImplicitAlsModel(itemFactors, gram, f, regularization, alpha, feedback);
    }

    /// <summary>G = FᵀF + λI, in double, summed chunk by chunk in a fixed order (deterministic for any thread count).</summary>
    private static void Gram(float[] factors, int f, double regularization, double[] gram, ParallelOptions parallel)
    {
        long rows = factors.LongLength / f;
        var partial = new double[GramChunks][];
        Parallel.For(0, GramChunks, parallel, chunk =>
        {
            var sum = new double[f * f];
            long from = rows * chunk / GramChunks, to = rows * (chunk + 1) / GramChunks;
            for (long r = from; r < to; r++)
            {
                var row = factors.AsSpan((int)(r * f), f);
                for (int a = 0; a < f; a++)
                {
                    double value = row[a];
                    if (value == 0) continue;
                    var target = sum.AsSpan(a * f, a + 1);
                    for (int b = 0; b <= a; b++) target[b] += value * row[b];
                }
            }
            partial[chunk] = sum;
        });
        Array.Clear(gram);
        foreach (var sum in partial)
            for (int x = 0; x < gram.Length; x++) gram[x] += sum[x];
        for (int a = 0; a < f; a++)
        {
            gram[a * f + a] += regularization;
            for (int b = 0; b < a; b++) gram[b * f + a] = gram[a * f + b];
        }
    }

    /// <summary>Updates every row of <paramref name="target"/> against the fixed <paramref name="other"/> side (CSR: offsets/indices).</summary>
    private void Update(float[] target, float[] other, int[] offsets, int[] indices, double[] gram, int f, double alpha, ParallelOptions parallel)
    {
        var g = Array.ConvertAll(gram, x => (float)x);
        int rows = offsets.Length - 1, steps = _options.ConjugateGradientSteps;
        var confidence = (float)(1 + alpha);
        var extra = (float)alpha;
        Parallel.For(0, rows, parallel, () => new float[4 * f], (row, _, scratch) =>
        {
            var x = target.AsSpan((int)((long)row * f), f);
            var neighbours = indices.AsSpan(offsets[row], offsets[row + 1] - offsets[row]);
            if (neighbours.IsEmpty)
            {
                x.Clear(); // with no data the objective's minimum is 0
                return scratch;
            }
            var r = scratch.AsSpan(0, f);
            var p = scratch.AsSpan(f, f);
            var ap = scratch.AsSpan(2 * f, f);
            // r = b − A·x with b = c·Σ y_i.
            Multiply(g, x, neighbours, other, f, extra, ap);
            r.Clear();
            foreach (var i in neighbours) TensorPrimitives.MultiplyAdd(other.AsSpan(i * f, f), confidence, r, r);
            TensorPrimitives.Subtract(r, ap, r);
            r.CopyTo(p);
            var rsOld = TensorPrimitives.Dot(r, r);
            for (int step = 0; step < steps && rsOld > 1e-20f; step++)
            {
                Multiply(g, p, neighbours, other, f, extra, ap);
                var denominator = TensorPrimitives.Dot(p, ap);
                if (!(denominator > 0)) break;
                var a = rsOld / denominator;
                TensorPrimitives.MultiplyAdd(p, a, x, x);
                TensorPrimitives.MultiplyAdd(ap, -a, r, r);
                var rsNew = TensorPrimitives.Dot(r, r);
                // p = r + (rsNew / rsOld)·p
                TensorPrimitives.MultiplyAdd(p, rsNew / rsOld, r, p);
                rsOld = rsNew;
            }
            return scratch;
        }, _ => { });
    }

    /// <summary>A·v = G·v + Σ_{i∈neighbours} (c−1)(y_i·v)·y_i, into <paramref name="result"/>.</summary>
    private static void Multiply(float[] g, ReadOnlySpan<float> v, ReadOnlySpan<int> neighbours, float[] other, int f, float extra, Span<float> result)
    {
        for (int a = 0; a < f; a++) result[a] = TensorPrimitives.Dot(g.AsSpan(a * f, f), v);
        foreach (var i in neighbours)
        {
            var y = other.AsSpan(i * f, f);
            TensorPrimitives.MultiplyAdd(y, extra * TensorPrimitives.Dot(y, v), result, result);
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
