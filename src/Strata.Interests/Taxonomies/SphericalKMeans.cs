using System.Numerics.Tensors;

namespace Strata.Interests.Taxonomies;

/// <summary>
/// Spherical k-means (Dhillon &amp; Modha 2001) on unit vectors: assign each point to the centroid of highest cosine,
/// re-estimate centroids as normalised member sums. Seeded by k-means++ (Arthur &amp; Vassilvitskii 2007) with distance
/// <c>1 − cos</c>; fully deterministic for a seed.
/// </summary>
internal static class SphericalKMeans
{
    /// <summary>Clusters the rows of <paramref name="points"/> (row-major, unit rows) into <paramref name="k"/> groups.</summary>
    /// <returns>Per row its cluster, the k unit centroids (row-major) and the objective Σ cos(row, its centroid).</returns>
    public static (int[] Assignment, float[] Centroids, double Objective) Run(ReadOnlySpan<float> points, int dimensions, int k, int seed, int maxIterations)
    {
        var n = points.Length / dimensions;
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must lie in 1..{n}.");
        var random = new Random(seed);
        var centroids = Seed(points, dimensions, k, random);
        var assignment = new int[n];
        Array.Fill(assignment, -1);
        var similarity = new float[k];
        var best = new float[n];
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            var changed = 0;
            for (int i = 0; i < n; i++)
            {
                Core.Vectors.VectorMath.DotAll(centroids, dimensions, points.Slice(i * dimensions, dimensions), similarity);
                var c = TensorPrimitives.IndexOfMax(similarity);
                best[i] = similarity[c];
                if (c != assignment[i]) { assignment[i] = c; changed++; }
            }
            if (changed == 0) break;
            Recompute(points, dimensions, assignment, best, centroids, k);
        }
        double objective = 0;
        foreach (var b in best) objective += b;
        return (assignment, centroids, objective);
    }

    /// <summary>
    /// Mini-batch spherical k-means (Sculley 2010, "Web-scale k-means clustering", on the unit sphere): k-means++ on a
    /// sample seeds the centroids; each of <paramref name="iterations"/> batches of <paramref name="batchSize"/> random rows is
    /// assigned to its nearest centroids, which step toward their rows with rate 1/(rows seen so far) and are renormalised;
    /// one final pass assigns every row. Cost O((iterations·batchSize + n)·k·d) instead of Lloyd's O(iterations·n·k·d); memory
    /// beyond the input is one int per row. Rows are <paramref name="rows"/> of <paramref name="space"/> (all rows when empty),
    /// so callers need not copy a subset. Deterministic for a seed (batches are drawn sequentially; assignment is per row).
    /// </summary>
    /// <returns>Per row (in <paramref name="rows"/> order) its cluster, the k unit centroids and the objective Σ cos(row, its centroid).</returns>
    public static (int[] Assignment, float[] Centroids, double Objective) RunMiniBatch(float[] space, int dimensions, int[]? rows, int k, int seed,
        int batchSize, int iterations)
    {
        var n = rows?.Length ?? space.Length / dimensions;
        if (k < 1 || k > n) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must lie in 1..{n}.");
        var random = new Random(seed);
        int Row(int i) => rows is null ? i : rows[i];

        // k-means++ on a sample large enough to hold every cluster many times over.
        var sampleSize = Math.Min(n, Math.Max(25 * k, batchSize));
        var sample = new float[sampleSize * dimensions];
        for (int s = 0; s < sampleSize; s++)
            space.AsSpan(Row(random.Next(n)) * dimensions, dimensions).CopyTo(sample.AsSpan(s * dimensions));
        var centroids = Seed(sample, dimensions, k, random);

        var seen = new long[k];
        var batch = new int[batchSize];
        var nearest = new int[batchSize];
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            for (int b = 0; b < batchSize; b++) batch[b] = Row(random.Next(n));
            Parallel.For(0, batchSize, () => new float[k], (b, _, similarity) =>
            {
                Core.Vectors.VectorMath.DotAll(centroids, dimensions, space.AsSpan(batch[b] * dimensions, dimensions), similarity);
                nearest[b] = TensorPrimitives.IndexOfMax(similarity);
                return similarity;
            }, _ => { });
            for (int b = 0; b < batchSize; b++)
            {
                var c = nearest[b];
                var rate = 1f / ++seen[c];
                var centroid = centroids.AsSpan(c * dimensions, dimensions);
                // c ← (1 − η)·c + η·x
                TensorPrimitives.Multiply(centroid, 1f - rate, centroid);
                TensorPrimitives.MultiplyAdd(space.AsSpan(batch[b] * dimensions, dimensions), rate, centroid, centroid);
            }
            for (int c = 0; c < k; c++) Core.Vectors.VectorMath.Normalize(centroids.AsSpan(c * dimensions, dimensions));
        }

        var assignment = new int[n];
        var best = new float[n];
        Parallel.For(0, n, () => new float[k], (i, _, similarity) =>
        {
            Core.Vectors.VectorMath.DotAll(centroids, dimensions, space.AsSpan(Row(i) * dimensions, dimensions), similarity);
            assignment[i] = TensorPrimitives.IndexOfMax(similarity);
            best[i] = similarity[assignment[i]];
            return similarity;
        }, _ => { });
        FillEmptyClusters(assignment, best, k);
        double objective = 0;
        foreach (var b in best) objective += b;
        return (assignment, centroids, objective);
    }

    /// <summary>A cluster no row chose takes the row its own cluster fits worst (as Lloyd's restart does), so every cluster has members.</summary>
    private static void FillEmptyClusters(int[] assignment, float[] best, int k)
    {
        var sizes = new int[k];
        foreach (var c in assignment) sizes[c]++;
        for (int c = 0; c < k; c++)
        {
            if (sizes[c] > 0) continue;
            int worst = -1;
            for (int i = 0; i < assignment.Length; i++)
                if (sizes[assignment[i]] > 1 && (worst < 0 || best[i] < best[worst])) worst = i;
            if (worst < 0) return;
            sizes[assignment[worst]]--;
            assignment[worst] = c;
            sizes[c]++;
            best[worst] = float.MaxValue; // never moved twice
        }
    }

    private static float[] Seed(ReadOnlySpan<float> points, int dimensions, int k, Random random)
    {
        var n = points.Length / dimensions;
        var centroids = new float[k * dimensions];
        var distance = new double[n];
        var first = random.Next(n);
        points.Slice(first * dimensions, dimensions).CopyTo(centroids);
        for (int i = 0; i < n; i++) distance[i] = Distance(points, dimensions, i, centroids.AsSpan(0, dimensions));
        for (int c = 1; c < k; c++)
        {
            double total = 0;
            for (int i = 0; i < n; i++) total += distance[i] * distance[i];
            int chosen;
            if (total <= 0)
            {
                chosen = random.Next(n);
            }
            else
            {
                var target = random.NextDouble() * total;
                chosen = n - 1;
                for (int i = 0; i < n; i++)
                {
                    target -= distance[i] * distance[i];
                    if (target <= 0) { chosen = i; break; }
                }
            }
            var row = centroids.AsSpan(c * dimensions, dimensions);
            points.Slice(chosen * dimensions, dimensions).CopyTo(row);
            for (int i = 0; i < n; i++) distance[i] = Math.Min(distance[i], Distance(points, dimensions, i, row));
        }
        return centroids;
    }

    private static double Distance(ReadOnlySpan<float> points, int dimensions, int i, ReadOnlySpan<float> centroid) =>
        Math.Max(0.0, 1.0 - TensorPrimitives.Dot(points.Slice(i * dimensions, dimensions), centroid));

    private static void Recompute(ReadOnlySpan<float> points, int dimensions, int[] assignment, float[] best, float[] centroids, int k)
    {
        Array.Clear(centroids);
        var sizes = new int[k];
        for (int i = 0; i < assignment.Length; i++)
        {
            var row = centroids.AsSpan(assignment[i] * dimensions, dimensions);
            TensorPrimitives.Add(row, points.Slice(i * dimensions, dimensions), row);
            sizes[assignment[i]]++;
        }
        for (int c = 0; c < k; c++)
        {
            var row = centroids.AsSpan(c * dimensions, dimensions);
            if (sizes[c] > 0 && Core.Vectors.VectorMath.Normalize(row) > 0f) continue;
            // An emptied cluster restarts at the point its own cluster fits worst, which splits the loosest cluster.
            var worst = TensorPrimitives.IndexOfMin(best);
            points.Slice(worst * dimensions, dimensions).CopyTo(row);
            best[worst] = float.MaxValue;
        }
    }

    /// <summary>Unit centroid (normalised sum) of the given rows.</summary>
    public static float[] Centroid(ReadOnlySpan<float> vectors, int dimensions, ReadOnlySpan<int> rows)
    {
        var centroid = new float[dimensions];
        foreach (var r in rows) TensorPrimitives.Add(centroid, vectors.Slice(r * dimensions, dimensions), centroid);
        Core.Vectors.VectorMath.Normalize(centroid);
        return centroid;
    }

    /// <summary>
    /// Mean silhouette (Rousseeuw 1987) with cosine distance over a sample, from its Gram matrix
    /// (<paramref name="gram"/>[i·s + j] = cos(i, j)). Points alone in their cluster score 0.
    /// </summary>
    public static double Silhouette(float[] gram, int sampleSize, ReadOnlySpan<int> labels, int k)
    {
        var sizes = new int[k];
        foreach (var l in labels) sizes[l]++;
        var sums = new double[k];
        double total = 0;
        for (int i = 0; i < sampleSize; i++)
        {
            Array.Clear(sums);
            var row = gram.AsSpan(i * sampleSize, sampleSize);
            for (int j = 0; j < sampleSize; j++) sums[labels[j]] += 1.0 - row[j];
            var own = labels[i];
            if (sizes[own] <= 1) continue;
            var a = sums[own] / (sizes[own] - 1);
            var b = double.MaxValue;
            for (int c = 0; c < k; c++)
                if (c != own && sizes[c] > 0) b = Math.Min(b, sums[c] / sizes[c]);
            if (b == double.MaxValue) continue;
            total += (b - a) / Math.Max(a, b);
        }
        return total / sampleSize;
    }
}
