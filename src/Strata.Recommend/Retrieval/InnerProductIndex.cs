using System.Numerics.Tensors;

namespace Strata.Recommend.Retrieval;

/// <summary>
/// Top-k by raw inner product over rows of any norm (maximum inner product search, e.g. matrix-factorisation item factors)
/// on a cosine <see cref="IVectorIndex"/>: each row y gets one more coordinate √(M² − ‖y‖²) and is divided by M, the
/// largest row norm, so every row is unit; a query x gets 0 there and is normalised. Then the cosine is x·y / (‖x‖·M), in
/// the order of x·y (Bachrach et al. 2014, "Speeding up the Xbox recommender system using a Euclidean transformation for
/// inner-product spaces"). Exact below <see cref="VectorIndexOptions.ExactBelow"/> rows, HNSW above, as for any index.
/// </summary>
public sealed class InnerProductIndex : IDisposable
{
    private readonly IVectorIndex _index;
    private readonly float _largestNorm;

    private InnerProductIndex(IVectorIndex index, int dimensions, float largestNorm)
    {
        _index = index;
        Dimensions = dimensions;
        _largestNorm = largestNorm;
    }

    /// <summary>Width of the rows and queries (the index itself holds one more).</summary>
    public int Dimensions { get; }

    public int Count => _index.Count;
    public bool IsExact => _index.IsExact;

    /// <summary>Indexes the rows of a row-major matrix (copied and augmented; the input is not kept).</summary>
    public static InnerProductIndex Build(ReadOnlySpan<float> rows, int dimensions, VectorIndexOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (dimensions < 1 || rows.Length % dimensions != 0)
            throw new ArgumentException($"{rows.Length} floats are not rows of {dimensions} dimensions.", nameof(rows));
        int count = rows.Length / dimensions, width = dimensions + 1;
        float largest = 0;
        for (int r = 0; r < count; r++) largest = MathF.Max(largest, TensorPrimitives.Norm(rows.Slice(r * dimensions, dimensions)));
        if (largest == 0) largest = 1;
        var augmented = new float[(long)count * width];
        for (int r = 0; r < count; r++)
        {
            var source = rows.Slice(r * dimensions, dimensions);
            var target = augmented.AsSpan((int)((long)r * width), width);
            TensorPrimitives.Divide(source, largest, target[..dimensions]);
            var squared = TensorPrimitives.Dot(target[..dimensions], target[..dimensions]);
            target[dimensions] = MathF.Sqrt(MathF.Max(0, 1 - squared));
        }
        return new InnerProductIndex(VectorIndex.Build(augmented, width, options, cancellationToken), dimensions, largest);
    }

    /// <summary>
    /// The rows of highest inner product with <paramref name="query"/>, best first, their inner products in
    /// <paramref name="scores"/>; ids in <paramref name="excluded"/> are skipped. A zero query finds nothing.
    /// </summary>
    public int Search(ReadOnlySpan<float> query, Span<int> ids, Span<float> scores, ReadOnlySpan<int> excluded = default)
    {
        if (query.Length != Dimensions) throw new ArgumentException($"The query has {query.Length} dimensions, the index {Dimensions}.", nameof(query));
        var norm = TensorPrimitives.Norm(query);
        if (norm == 0) return 0;
        Span<float> unit = stackalloc float[Dimensions + 1];
        TensorPrimitives.Divide(query, norm, unit[..Dimensions]);
        unit[Dimensions] = 0;
        var found = _index.Search(unit, ids, scores, excluded);
        TensorPrimitives.Multiply(scores[..found], norm * _largestNorm, scores[..found]);
        return found;
    }

    /// <summary>
    /// Writes the index (its largest row norm and the graph's bytes, through a temporary file: USearch saves to a path) so
    /// a loaded model does not rebuild it; <see cref="Read"/> reads it back.
    /// </summary>
    public void Write(BinaryWriter writer)
    {
        writer.Write(Dimensions);
        writer.Write(_largestNorm);
        var path = Path.GetTempFileName();
        try
        {
            _index.Save(path);
            using var file = File.OpenRead(path);
            writer.Write(file.Length);
            writer.Flush();
            file.CopyTo(writer.BaseStream);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static InnerProductIndex Read(BinaryReader reader, VectorIndexOptions? options = null)
    {
        var dimensions = reader.ReadInt32();
        var largestNorm = reader.ReadSingle();
        var length = reader.ReadInt64();
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.Create(path))
            {
                var buffer = new byte[1 << 20];
                for (long left = length; left > 0;)
                {
                    var read = reader.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                    if (read == 0) throw new EndOfStreamException("The model file ends inside a vector index.");
                    file.Write(buffer, 0, read);
                    left -= read;
                }
            }
            return new InnerProductIndex(VectorIndex.Load(path, options), dimensions, largestNorm);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public void Dispose() => _index.Dispose();
}
