using System.Numerics.Tensors;
using Strata.Core.Vectors;
using Strata.Interests.Taxonomies;

namespace Strata.Recommend.Fusion;

/// <summary>
/// e_i · c_h for every taxonomy node h and catalogue item i: the interest signals' retrieval matrix, row-major by node
/// (nodes × items floats), built on the first <see cref="Row"/> — a model that scores candidates only
/// (<see cref="StrataOptions.IndexedCandidatesFrom"/>) never builds it and reads <see cref="Of"/> per item instead.
/// Shared by the validation fit and the final fit (same taxonomy, same item vectors).
/// </summary>
public sealed class NodeSimilarities
{
    private readonly Taxonomy _taxonomy;
    private readonly float[] _itemVectors;
    private readonly int _dimensions;
    private readonly int _items;
    private readonly Lazy<float[]> _values;

    public NodeSimilarities(Taxonomy taxonomy, float[] itemVectors, int dimensions)
    {
        _taxonomy = taxonomy;
        _itemVectors = itemVectors;
        _dimensions = dimensions;
        _items = itemVectors.Length / dimensions;
        _values = new(() =>
        {
            var values = new float[(long)taxonomy.NodeCount * _items];
            Parallel.For(0, taxonomy.NodeCount, node =>
                VectorMath.DotAll(itemVectors, dimensions, taxonomy.Centroid(node), values.AsSpan(node * _items, _items)));
            return values;
        });
    }

    /// <summary>The item vectors (unit rows) the similarities are of.</summary>
    public float[] ItemVectors => _itemVectors;

    /// <summary>Similarity of every item to node <paramref name="nodeId"/>.</summary>
    public ReadOnlySpan<float> Row(int nodeId) => _values.Value.AsSpan(nodeId * _items, _items);

    /// <summary>e_i · c_h for one item and node, without the matrix.</summary>
    public float Of(int nodeId, int item) => TensorPrimitives.Dot(_taxonomy.Centroid(nodeId), VectorMath.Row(_itemVectors, item, _dimensions));

    /// <summary>e_i · q for one item and any query of the vectors' width.</summary>
    public float Of(ReadOnlySpan<float> query, int item) => TensorPrimitives.Dot(query, VectorMath.Row(_itemVectors, item, _dimensions));
}
