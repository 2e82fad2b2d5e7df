using Microsoft.Extensions.AI;

namespace Strata.Embeddings.Hashing;

/// <summary>
/// <see cref="HashingVectorizer"/> as an encoder (<c>Strata:Embeddings:Model=hashing</c>): a random projection of each
/// text's bag of words, for scale runs and tests where a sentence encoder would dominate the clock. Texts sharing words
/// are close, synonyms are not: never the choice for recommendation quality. Nothing to load, nothing worth caching.
/// </summary>
public sealed class HashingEmbeddingGenerator(int dimensions = 384) : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelName = "hashing";

    private readonly HashingVectorizer _vectorizer = new(dimensions);
    private readonly EmbeddingGeneratorMetadata _metadata = new("strata-hashing", defaultModelId: ModelName, defaultModelDimensions: dimensions);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? [.. values];
        var vectors = _vectorizer.EmbedAll(texts);
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        for (int t = 0; t < texts.Count; t++)
            embeddings.Add(new Embedding<float>(vectors.AsMemory((int)((long)t * _vectorizer.Dimensions), _vectorizer.Dimensions)) { ModelId = ModelName });
        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() { }
}
