using Strata.Core.Vectors;
using Strata.Interests.Taxonomies;

namespace Strata.Recommend.Fusion;

/// <summary>
/// e_i · c_h for every taxonomy node h and catalogue item i, row-major by node: the interest signals' retrieval matrix.
/// Built once per (taxonomy, item vectors); nodes × items floats.
/// </summary>
public sealed class NodeSimilarities
{
    private readonly float[] _values;
    private readonly int _items;

    public NodeSimilarities(Taxonomy taxonomy, float[] itemVectors, int dimensions)
    {
        _items = itemVectors.Length / dimensions;
        _values = new float[taxonomy.NodeCount * _items];
        Parallel.For(0, taxonomy.NodeCount, node =>
            VectorMath.DotAll(itemVectors, dimensions, taxonomy.Centroid(node), _values.AsSpan(node * _items, _items)));
    }

    /// <summary>Similarity of every item to node <paramref name="nodeId"/>.</summary>
    public ReadOnlySpan<float> Row(int nodeId) => _values.AsSpan(nodeId * _items, _items);
}
