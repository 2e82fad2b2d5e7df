namespace Strata.Recommend.Retrieval;

/// <summary>How an approximate index stores its vectors (searches always take float queries).</summary>
public enum VectorQuantization
{
    /// <summary>4 bytes per dimension: 1.5 GB for 10⁶ × 384.</summary>
    Float32,
    /// <summary>2 bytes per dimension (the default): the graph's ranking is a float32 graph's to within 0.001 recall@100.</summary>
    Float16,
    /// <summary>1 byte per dimension (cosine-normalised and scaled to ±127): 384 MB for 10⁶ × 384.</summary>
    Int8,
}
