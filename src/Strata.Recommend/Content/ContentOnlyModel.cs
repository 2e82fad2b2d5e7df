using Strata.Core.Vectors;

namespace Strata.Recommend.Content;

/// <summary>Scores items by cosine between their unit vector and the normalised mean vector of the user's history items.</summary>
public sealed class ContentOnlyModel(float[] itemVectors, int dimensions) : IRecommender
{
    private readonly int _items = itemVectors.Length / dimensions;

    public string Name => "content";

    public void Score(UserHistory history, Span<float> scores)
    {
        Span<float> query = stackalloc float[dimensions];
        query.Clear();
        foreach (var item in HistoryItems.DistinctPositive(history, _items))
            System.Numerics.Tensors.TensorPrimitives.Add(query, VectorMath.Row(itemVectors, item, dimensions), query);
        VectorMath.Normalize(query);
        VectorMath.DotAll(itemVectors, dimensions, query, scores[.._items]);
    }
}
