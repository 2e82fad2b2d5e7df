namespace Strata.Recommend.Retrieval;

/// <summary>The one place that chooses an index: exact below <see cref="VectorIndexOptions.ExactBelow"/> vectors, HNSW from there on.</summary>
public static class VectorIndex
{
    /// <summary>Indexes the rows of <paramref name="vectors"/> (row-major unit rows; the exact index keeps the array itself).</summary>
    public static IVectorIndex Build(float[] vectors, int dimensions, VectorIndexOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new VectorIndexOptions();
        options.Validate();
        if (dimensions < 1 || vectors.Length % dimensions != 0)
            throw new ArgumentException($"{vectors.Length} floats are not rows of {dimensions} dimensions.", nameof(vectors));
        return vectors.Length / dimensions < options.ExactBelow
            ? new ExactVectorIndex(vectors, dimensions)
            : USearchVectorIndex.Build(vectors, dimensions, options, cancellationToken);
    }

    /// <summary>Reads an index written by <see cref="IVectorIndex.Save"/> (either kind).</summary>
    public static IVectorIndex Load(string path, VectorIndexOptions? options = null)
    {
        options ??= new VectorIndexOptions();
        Span<byte> magic = stackalloc byte[8];
        using (var file = File.OpenRead(path))
            if (file.ReadAtLeast(magic, 8, throwOnEndOfStream: false) == 8 && magic.SequenceEqual(ExactVectorIndex.Magic))
                return ExactVectorIndex.Load(path);
        return USearchVectorIndex.Load(path, options.MaxConcurrentSearches, options.ExpansionSearch);
    }

    internal static void CheckQuery(ReadOnlySpan<float> query, Span<int> ids, Span<float> scores, int dimensions)
    {
        if (query.Length != dimensions) throw new ArgumentException($"The query has {query.Length} dimensions, the index {dimensions}.", nameof(query));
        if (scores.Length < ids.Length) throw new ArgumentException("scores must be at least as long as ids.", nameof(scores));
    }
}
