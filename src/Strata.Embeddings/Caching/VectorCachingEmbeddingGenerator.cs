using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;

namespace Strata.Embeddings.Caching;

/// <summary>
/// Decorator that answers from a <see cref="VectorCacheStore"/> and sends only the misses (each distinct text once) to the
/// inner generator, in one call, then stores them in one transaction. Keyed by (<see cref="ModelKey"/>, SHA-256 of the text),
/// so a changed item re-embeds only itself and a different model never sees another's vectors.
/// </summary>
/// <remarks>
/// Not M.E.AI's <c>CachingEmbeddingGenerator</c>: that base reads and writes one value per cache call, which for SQLite means
/// one commit per vector on a cold run; batching the lookups and the writes is what makes a cold catalogue run cheap.
/// </remarks>
public sealed class VectorCachingEmbeddingGenerator(
    IEmbeddingGenerator<string, Embedding<float>> inner, VectorCacheStore store, string modelKey, int? dimensions)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    private long _hits;
    private long _misses;

    /// <summary>Names the model and every setting that changes its vectors, e.g. <c>onnx/sentence-transformers/all-MiniLM-L6-v2/max256</c>.</summary>
    public string ModelKey { get; } = modelKey;

    /// <summary>The store behind this cache.</summary>
    public VectorCacheStore Store { get; } = store;

    /// <summary>Texts answered from the cache since creation.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Texts sent to the inner generator since creation.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>The cache key of one text: SHA-256 of its UTF-8 bytes.</summary>
    public static byte[] KeyOf(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <inheritdoc />
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values.ToArray();
        var keys = new byte[texts.Count][];
        for (int i = 0; i < keys.Length; i++) keys[i] = KeyOf(texts[i]);
        var vectors = Store.Get(ModelKey, keys, dimensions);

        // Distinct missing texts, each with the positions that need it.
        var missing = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int i = 0; i < texts.Count; i++)
        {
            if (vectors[i] is not null) continue;
            if (!missing.TryGetValue(texts[i], out var positions)) missing[texts[i]] = positions = [];
            positions.Add(i);
        }
        Interlocked.Add(ref _hits, texts.Count - missing.Values.Sum(p => p.Count));
        Interlocked.Add(ref _misses, missing.Values.Sum(p => p.Count));

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        var fresh = new Embedding<float>?[texts.Count];
        if (missing.Count > 0)
        {
            var missingTexts = missing.Keys.ToArray();
            var generated = await base.GenerateAsync(missingTexts, options, cancellationToken).ConfigureAwait(false);
            if (generated.Count != missingTexts.Length)
                throw new InvalidOperationException($"The embedding generator returned {generated.Count} vectors for {missingTexts.Length} texts.");
            var missingKeys = new byte[missingTexts.Length][];
            var missingVectors = new ReadOnlyMemory<float>[missingTexts.Length];
            for (int m = 0; m < missingTexts.Length; m++)
            {
                var positions = missing[missingTexts[m]];
                missingKeys[m] = keys[positions[0]];
                missingVectors[m] = generated[m].Vector;
                foreach (var position in positions) fresh[position] = generated[m];
            }
            Store.Put(ModelKey, missingKeys, missingVectors);
            result.Usage = generated.Usage;
        }
        for (int i = 0; i < texts.Count; i++)
            result.Add(fresh[i] ?? new Embedding<float>(vectors[i]) { ModelId = ModelKey });
        return result;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : base.GetService(serviceType, serviceKey);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing) Store.Dispose();
        base.Dispose(disposing);
    }
}
