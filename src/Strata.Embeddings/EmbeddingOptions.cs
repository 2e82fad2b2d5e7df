using System.ComponentModel.DataAnnotations;
using Strata.Embeddings.Remote;

namespace Strata.Embeddings;

/// <summary>
/// How item text becomes vectors: which model, how the local encoder batches and truncates, the remote endpoint,
/// and where vectors are cached. Bound from configuration section <c>Strata:Embeddings</c>.
/// </summary>
public sealed class EmbeddingOptions
{
    /// <summary>Configuration section this type binds to.</summary>
    public const string Section = "Strata:Embeddings";

    /// <summary><c>minilm</c> (default), <c>minilm-int8</c> (same model, int8 weights, ~3× faster), <c>arctic-xs</c>, or <c>remote</c> (see <see cref="Remote"/>).</summary>
    [Required]
    public string Model { get; set; } = "minilm";

    /// <summary>Texts per ONNX run; texts are sorted by length first so a batch pads little.</summary>
    [Range(1, 1024)]
    public int BatchSize { get; set; } = 32;

    /// <summary>
    /// Concurrent ONNX runs on one shared session, each with one intra-op thread (N single-threaded runs beat one
    /// N-threaded run on small batches). Default: one per core, at most 8; the weights are shared, so a worker costs only its activations.
    /// </summary>
    [Range(1, 64)]
    public int Workers { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 8);

    /// <summary>Token limit per text, [CLS] and [SEP] included; longer texts are cut (all-MiniLM-L6-v2 was trained at 256).</summary>
    [Range(8, 512)]
    public int MaxTokens { get; set; } = 256;

    /// <summary>Folder for extracted model files; null means <see cref="Onnx.ModelResources.DefaultModelDirectory"/>.</summary>
    public string? ModelDirectory { get; set; }

    /// <summary>SQLite file of cached vectors; null disables the cache. See <see cref="Caching.VectorCacheStore.PathBeside"/>.</summary>
    public string? VectorCachePath { get; set; }

    /// <summary>Settings used when <see cref="Model"/> is <c>remote</c>.</summary>
    public RemoteEmbeddingOptions Remote { get; set; } = new();
}
