namespace Strata.Recommend.Retrieval;

/// <summary>
/// Nearest neighbours by inner product over a fixed set of unit vectors (so score = cosine), ids = row indices of the
/// matrix the index was built from. Implementations are immutable after building and safe for concurrent searches.
/// </summary>
public interface IVectorIndex : IDisposable
{
    /// <summary>Number of indexed vectors.</summary>
    int Count { get; }

    int Dimensions { get; }

    /// <summary>True when <see cref="Search"/> is exact (a scan); false for an approximate index.</summary>
    bool IsExact { get; }

    /// <summary>
    /// Writes the ids of the vectors of highest inner product with <paramref name="query"/>, best first, into
    /// <paramref name="ids"/> (k = its length) and their scores into <paramref name="scores"/> (same length); returns how
    /// many were found. Ids in <paramref name="excluded"/> (any order) are never returned.
    /// </summary>
    int Search(ReadOnlySpan<float> query, Span<int> ids, Span<float> scores, ReadOnlySpan<int> excluded = default);

    /// <summary>Writes the index to <paramref name="path"/>; <see cref="VectorIndex.Load"/> reads it back.</summary>
    void Save(string path);
}
