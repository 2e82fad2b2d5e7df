using System.Buffers;
using System.Numerics.Tensors;

namespace Strata.Recommend.Retrieval;

/// <summary>
/// The best rows of a fixed matrix by s_i = y_i · x (+ β_i with a bias column) for any query x: an
/// <see cref="InnerProductIndex"/> built on first use (exact below <see cref="VectorIndexOptions.ExactBelow"/> rows, HNSW
/// above) proposes a few times more rows than asked for, and those are re-scored exactly, since the transform that turns
/// inner products into cosines squeezes low-norm rows together. Rows of one norm (unit item vectors) are proposed in the
/// index's exact order, so nothing is over-fetched for them. Thread-safe; the index is built once.
/// </summary>
public sealed class InnerProductRetrieval : IDisposable
{
    private readonly float[] _rows;
    private readonly float[]? _bias;
    private Lazy<InnerProductIndex> _index;
    private readonly int _overFetch;

    /// <param name="rows">Row-major rows × <paramref name="dimensions"/>; kept, not copied (the exact scores read it).</param>
    /// <param name="bias">One offset per row added to its score, or null.</param>
    /// <param name="overFetch">Rows the index proposes per row wanted when the rows' norms differ.</param>
    public InnerProductRetrieval(float[] rows, int dimensions, float[]? bias = null, int overFetch = 10, VectorIndexOptions? options = null)
    {
        if (dimensions < 1 || rows.Length % dimensions != 0)
            throw new ArgumentException($"{rows.Length} floats are not rows of {dimensions} dimensions.", nameof(rows));
        Count = rows.Length / dimensions;
        if (bias is not null && bias.Length != Count) throw new ArgumentException($"{bias.Length} offsets for {Count} rows.", nameof(bias));
        _rows = rows;
        _bias = bias;
        Dimensions = dimensions;
        _overFetch = bias is null && OneNorm(rows, dimensions) ? 1 : Math.Max(1, overFetch);
        _index = new(() => InnerProductIndex.Build(bias is null ? rows : WithBias(rows, dimensions, bias), bias is null ? dimensions : dimensions + 1, options));
    }

    public int Count { get; }
    public int Dimensions { get; }

    /// <summary>
    /// Over-fetch for candidate proposals: the ranker re-ranks the pool, so twice the rows (≈ half the graph work of 10×
    /// at k = 100, where the search list grows past ef = 256) is enough.
    /// </summary>
    public const int CandidateOverFetch = 2;

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<float[], InnerProductRetrieval> SharedByRows = new();

    /// <summary>
    /// One retrieval per row matrix without bias, shared by everything that searches it (the text signal and the interest
    /// signals read the same item vectors), so its index is built once per process and matrix.
    /// </summary>
    public static InnerProductRetrieval Shared(float[] rows, int dimensions) =>
        SharedByRows.GetValue(rows, r => new InnerProductRetrieval(r, dimensions));

    /// <summary>The index, built now if it was not (so a fit can pay for it instead of the first request).</summary>
    public InnerProductIndex Index => _index.Value;

    /// <summary>The exact score of row <paramref name="item"/> for <paramref name="query"/>.</summary>
    public float Score(int item, ReadOnlySpan<float> query)
    {
        var score = TensorPrimitives.Dot(_rows.AsSpan(item * Dimensions, Dimensions), query);
        return _bias is null ? score : score + _bias[item];
    }

    /// <summary>
    /// The best <c>items.Length</c> rows for <paramref name="query"/> outside <paramref name="excluded"/>, best first, with their
    /// exact scores; returns how many. A zero query with no bias finds nothing. <paramref name="overFetch"/> caps the
    /// over-fetch of rows of differing norms (a candidate pool, re-ranked later, needs less than a final list).
    /// </summary>
    public int Search(ReadOnlySpan<float> query, Span<int> items, Span<float> scores, ReadOnlySpan<int> excluded = default, int? overFetch = null)
    {
        if (query.Length != Dimensions) throw new ArgumentException($"The query has {query.Length} dimensions, the rows {Dimensions}.", nameof(query));
        var wanted = Math.Min(Count, items.Length * Math.Min(_overFetch, Math.Max(1, overFetch ?? _overFetch)));
        if (wanted == 0) return 0;
        var candidates = ArrayPool<int>.Shared.Rent(wanted);
        var candidateScores = ArrayPool<float>.Shared.Rent(wanted);
        var order = ArrayPool<int>.Shared.Rent(items.Length);
        try
        {
            int found;
            if (_bias is null) found = _index.Value.Search(query, candidates.AsSpan(0, wanted), candidateScores.AsSpan(0, wanted), excluded);
            else
            {
                Span<float> augmented = stackalloc float[Dimensions + 1];
                query.CopyTo(augmented);
                augmented[Dimensions] = 1f;
                found = _index.Value.Search(augmented, candidates.AsSpan(0, wanted), candidateScores.AsSpan(0, wanted), excluded);
            }
            for (int c = 0; c < found; c++) candidateScores[c] = Score(candidates[c], query);
            var count = TopK.Select(candidateScores.AsSpan(0, found), order.AsSpan(0, Math.Min(items.Length, found)));
            for (int r = 0; r < count; r++)
            {
                items[r] = candidates[order[r]];
                scores[r] = candidateScores[order[r]];
            }
            return count;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(candidates);
            ArrayPool<float>.Shared.Return(candidateScores);
            ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>Whether the index exists and is a graph (an exact index rebuilds in no time, so it is never written).</summary>
    private bool HoldsGraph => _index.IsValueCreated && !_index.Value.IsExact;

    /// <summary>Writes the index when it is a built graph (a flag, then <see cref="InnerProductIndex.Write"/>).</summary>
    public void WriteIndex(BinaryWriter writer)
    {
        writer.Write(HoldsGraph);
        if (HoldsGraph) _index.Value.Write(writer);
    }

    /// <summary>Reads what <see cref="WriteIndex"/> wrote: a written graph replaces the one this retrieval would build.</summary>
    public void ReadIndex(BinaryReader reader)
    {
        if (!reader.ReadBoolean()) return;
        var index = InnerProductIndex.Read(reader);
        if (index.Count != Count || index.Dimensions != (_bias is null ? Dimensions : Dimensions + 1))
        {
            index.Dispose();
            throw new InvalidDataException($"The saved index holds {index.Count} rows of {index.Dimensions}; the model has {Count}.");
        }
        _index = new Lazy<InnerProductIndex>(index);
    }

    public void Dispose()
    {
        if (_index.IsValueCreated) _index.Value.Dispose();
    }

    private static bool OneNorm(float[] rows, int dimensions)
    {
        int count = rows.Length / dimensions;
        float smallest = float.PositiveInfinity, largest = 0;
        for (int r = 0; r < count; r++)
        {
            var norm = TensorPrimitives.Norm(rows.AsSpan(r * dimensions, dimensions));
            smallest = MathF.Min(smallest, norm);
            largest = MathF.Max(largest, norm);
        }
        return count == 0 || largest - smallest <= 1e-3f * largest;
    }

    private static float[] WithBias(float[] rows, int dimensions, float[] bias)
    {
        int count = bias.Length, width = dimensions + 1;
        var augmented = new float[(long)count * width];
        for (int r = 0; r < count; r++)
        {
            rows.AsSpan(r * dimensions, dimensions).CopyTo(augmented.AsSpan(r * width, dimensions));
            augmented[r * width + dimensions] = bias[r];
        }
        return augmented;
    }
}
