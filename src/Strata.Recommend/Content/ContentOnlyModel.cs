using Strata.Core.Vectors;
using Strata.Interests.Profiles;

namespace Strata.Recommend.Content;

/// <summary>
/// Scores items by cosine between their unit vector and the normalised mean vector of the user's history items; with a
/// <paramref name="tower"/>, <paramref name="itemVectors"/> are its tuned vectors.
/// </summary>
public sealed class ContentOnlyModel(float[] itemVectors, int dimensions, ItemTower? tower = null, EventWeights? feedback = null) : ICandidateRecommender
{
    private readonly EventWeights _feedback = feedback ?? EventWeights.Default;
    public const string FrozenName = "content", TunedName = "content-tuned";

    private readonly int _items = itemVectors.Length / dimensions;

    public string Name => tower is null ? FrozenName : TunedName;

    /// <summary>The item tower the vectors come from (null: the frozen vectors).</summary>
    public ItemTower? Tower => tower;

    public void Score(UserHistory history, Span<float> scores)
    {
        Span<float> query = stackalloc float[dimensions];
        QueryOf(history, query);
        VectorMath.DotAll(itemVectors, dimensions, query, scores[.._items]);
    }

    /// <summary>The normalised mean vector of the history's positive items; proposals come from the item-vector index.</summary>
    public ICandidateQuery Ask(UserHistory history)
    {
        var query = new float[dimensions];
        QueryOf(history, query);
        return new Query(Retrieval, query);
    }

    /// <summary>The index over the item vectors, shared with every signal that reads the same vectors.</summary>
    public Retrieval.InnerProductRetrieval Retrieval => Strata.Recommend.Retrieval.InnerProductRetrieval.Shared(itemVectors, dimensions);

    private void QueryOf(UserHistory history, Span<float> query)
    {
        query.Clear();
        foreach (var item in HistoryItems.DistinctPositive(history, _items, _feedback))
            System.Numerics.Tensors.TensorPrimitives.Add(query, VectorMath.Row(itemVectors, item, dimensions), query);
        VectorMath.Normalize(query);
    }

    private sealed class Query(Retrieval.InnerProductRetrieval retrieval, float[] query) : ICandidateQuery
    {
        public int Propose(int row, Span<int> into, ReadOnlySpan<int> seen) => retrieval.Search(query, into, new float[into.Length], seen);

        public void Score(ReadOnlySpan<int> items, Span<float> scores)
        {
            for (int k = 0; k < items.Length; k++) scores[k] = retrieval.Score(items[k], query);
        }
    }
}
