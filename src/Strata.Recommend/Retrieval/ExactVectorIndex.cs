using System.Buffers;
using System.Runtime.InteropServices;
using Strata.Core.Vectors;

namespace Strata.Recommend.Retrieval;

/// <summary>
/// Exact search: one SIMD dot product per vector, then <see cref="TopK"/> (O(n·d) per query, no index to build).
/// Holds the matrix it is given (row-major, unit rows) without copying it; the caller must not change it afterwards.
/// </summary>
public sealed class ExactVectorIndex : IVectorIndex
{
    internal static ReadOnlySpan<byte> Magic => "STRATAVX"u8;
    private const int Version = 1;

    private readonly float[] _vectors;

    public ExactVectorIndex(float[] vectors, int dimensions)
    {
        if (dimensions < 1 || vectors.Length % dimensions != 0)
            throw new ArgumentException($"{vectors.Length} floats are not rows of {dimensions} dimensions.", nameof(vectors));
        _vectors = vectors;
        Dimensions = dimensions;
        Count = vectors.Length / dimensions;
    }

    public int Count { get; }
    public int Dimensions { get; }
    public bool IsExact => true;

    public int Search(ReadOnlySpan<float> query, Span<int> ids, Span<float> scores, ReadOnlySpan<int> excluded = default)
    {
        VectorIndex.CheckQuery(query, ids, scores, Dimensions);
        var all = ArrayPool<float>.Shared.Rent(Count);
        try
        {
            var row = all.AsSpan(0, Count);
            VectorMath.DotAll(_vectors, Dimensions, query, row);
            foreach (var id in excluded)
                if ((uint)id < (uint)Count) row[id] = float.NegativeInfinity;
            var found = TopK.Select(row, ids);
            for (int r = 0; r < found; r++) scores[r] = row[ids[r]];
            return found;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(all);
        }
    }

    /// <summary>Layout: "STRATAVX", version, count, dimensions (int32 little-endian), then the rows as float32.</summary>
    public void Save(string path)
    {
        using var file = File.Create(path);
        file.Write(Magic);
        Span<int> header = [Version, Count, Dimensions];
        file.Write(MemoryMarshal.AsBytes(header));
        file.Write(MemoryMarshal.AsBytes(_vectors.AsSpan()));
    }

    /// <exception cref="InvalidDataException">Not a file written by <see cref="Save"/>, or truncated.</exception>
    public static ExactVectorIndex Load(string path)
    {
        using var file = File.OpenRead(path);
        Span<byte> magic = stackalloc byte[8];
        Span<int> header = stackalloc int[3];
        if (file.ReadAtLeast(magic, 8, throwOnEndOfStream: false) < 8 || !magic.SequenceEqual(Magic))
            throw new InvalidDataException($"{path}: not an exact vector index");
        if (file.ReadAtLeast(MemoryMarshal.AsBytes(header), 12, throwOnEndOfStream: false) < 12 || header[0] != Version)
            throw new InvalidDataException($"{path}: unknown exact vector index version");
        var (count, dimensions) = (header[1], header[2]);
        if (count < 0 || dimensions < 1 || file.Length - file.Position != (long)count * dimensions * sizeof(float))
            throw new InvalidDataException($"{path}: {count} × {dimensions} floats expected, the file holds {file.Length - file.Position} bytes");
        var vectors = new float[(long)count * dimensions];
        file.ReadExactly(MemoryMarshal.AsBytes(vectors.AsSpan()));
        return new ExactVectorIndex(vectors, dimensions);
    }

    public void Dispose() { }
}
