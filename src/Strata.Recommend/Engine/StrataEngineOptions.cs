using Strata.Recommend.Fusion;

namespace Strata.Recommend.Engine;

/// <summary>Options of <see cref="StrataEngine"/>: the model and where item vectors come from.</summary>
public sealed record StrataEngineOptions
{
    public StrataOptions Model { get; init; } = new();

    /// <summary>Sentence model for item vectors (see Strata.Embeddings), or <c>none</c> to fit on events alone.</summary>
    public string EmbeddingModel { get; init; } = "minilm";

    /// <summary>SQLite file caching item vectors (null: no cache).</summary>
    public string? VectorCachePath { get; init; }

    /// <summary>Text template for item vectors (null: Strata.Embeddings' default).</summary>
    public string? TextTemplate { get; init; }
}
