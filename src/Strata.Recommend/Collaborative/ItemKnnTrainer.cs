using Strata.Interests.Profiles;
namespace Strata.Recommend.Collaborative;

/// <summary>
/// Item-kNN on implicit feedback: cosine similarity on co-occurrence, sim(i, j) = |U_i ∩ U_j| / (√(|U_i|·|U_j|) + shrinkage),
/// each item keeping its <see cref="ItemKnnOptions.Neighbours"/> most similar items.
/// </summary>
public sealed class ItemKnnTrainer(ItemKnnOptions? options = null) : IRecommenderTrainer
{
    private readonly ItemKnnOptions _options = options ?? new ItemKnnOptions();

    public string Name => "itemknn";

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default) =>
        Fit(InteractionMatrix.From(data.Train, data.Feedback), data.Feedback, cancellationToken);

    /// <summary>The kept neighbours and their similarities (n × k), and each thread's row buffers (n wide).</summary>
    public long EstimateBytes(DataShape shape) =>
        shape.InteractionBytes + (long)shape.Items * _options.Neighbours * (sizeof(int) + sizeof(float))
        + (long)Environment.ProcessorCount * shape.Items * (2 * sizeof(int) + sizeof(float));

    /// <remarks>
    /// Each row visits only the items that share a user with it (sorted, so ties keep the ascending-index order of a scan
    /// over all items): the cost grows with Σ_u |items of u|², not with n², so large sparse catalogues fit in time.
    /// </remarks>
    public ItemKnnModel Fit(InteractionMatrix matrix, EventWeights feedback, CancellationToken cancellationToken = default)
    {
        int n = matrix.ItemCount, k = Math.Min(_options.Neighbours, Math.Max(n - 1, 0));
        var neighbours = new int[(long)n * k];
        var similarities = new float[(long)n * k];
        var counts = new int[n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken },
            () => new RowBuffers(n, k), (i, _, buffers) =>
        {
            var together = buffers.Counts;
            int touched = 0;
            foreach (var user in matrix.UsersOf(i))
                foreach (var other in matrix.ItemsOf(user))
                    if (other != i && together[other]++ == 0) buffers.Touched[touched++] = other;
            var row = buffers.Touched.AsSpan(0, touched);
            row.Sort();
            var degree = matrix.ItemDegree(i);
            var similarity = buffers.Similarity.AsSpan(0, touched);
            for (int t = 0; t < touched; t++)
            {
                var j = row[t];
                similarity[t] = (float)(together[j] / (Math.Sqrt((double)degree * matrix.ItemDegree(j)) + _options.Shrinkage));
                together[j] = 0;
            }
            var found = TopK.Select(similarity, buffers.Top);
            counts[i] = found;
            for (int r = 0; r < found; r++)
            {
                neighbours[(long)i * k + r] = row[buffers.Top[r]];
                similarities[(long)i * k + r] = similarity[buffers.Top[r]];
            }
            return buffers;
        }, _ => { });
        return new ItemKnnModel(n, k, neighbours, similarities, counts, feedback);
    }

    /// <summary>One thread's scratch: co-occurrence counts by item, the items touched by the current row, their similarities, the top k.</summary>
    private sealed class RowBuffers(int items, int k)
    {
        public int[] Counts { get; } = new int[items];
        public int[] Touched { get; } = new int[items];
        public float[] Similarity { get; } = new float[items];
        public int[] Top { get; } = new int[k];
    }
}
