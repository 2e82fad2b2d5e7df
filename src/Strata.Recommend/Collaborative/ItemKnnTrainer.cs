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

    public ItemKnnModel Fit(InteractionMatrix matrix, EventWeights feedback, CancellationToken cancellationToken = default)
    {
        int n = matrix.ItemCount, k = Math.Min(_options.Neighbours, Math.Max(n - 1, 0));
        var neighbours = new int[(long)n * k];
        var similarities = new float[(long)n * k];
        var counts = new int[n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken },
            () => (Counts: new int[n], Similarity: new float[n], Top: new int[k]), (i, _, buffers) =>
        {
            matrix.CooccurrenceRow(i, buffers.Counts);
            var degree = matrix.ItemDegree(i);
            for (int j = 0; j < n; j++)
            {
                var together = buffers.Counts[j];
                buffers.Similarity[j] = together == 0 || j == i
                    ? float.NegativeInfinity
                    : (float)(together / (Math.Sqrt((double)degree * matrix.ItemDegree(j)) + _options.Shrinkage));
                buffers.Counts[j] = 0;
            }
            var found = TopK.Select(buffers.Similarity, buffers.Top);
            counts[i] = found;
            for (int r = 0; r < found; r++)
            {
                neighbours[(long)i * k + r] = buffers.Top[r];
                similarities[(long)i * k + r] = buffers.Similarity[buffers.Top[r]];
            }
            return buffers;
        }, _ => { });
        return new ItemKnnModel(n, k, neighbours, similarities, counts, feedback);
    }
}
