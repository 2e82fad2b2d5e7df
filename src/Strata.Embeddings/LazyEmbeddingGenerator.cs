using Microsoft.Extensions.AI;

namespace Strata.Embeddings;

/// <summary>
/// Creates the real generator on first use. Behind the vector cache this means a fully cached run never loads the
/// ONNX model (seconds and ~100 MB saved). Metadata is known up front, so asking for it loads nothing.
/// </summary>
internal sealed class LazyEmbeddingGenerator(Func<IEmbeddingGenerator<string, Embedding<float>>> create, EmbeddingGeneratorMetadata metadata)
    : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly Lazy<IEmbeddingGenerator<string, Embedding<float>>> _inner = new(create);

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _inner.Value.GenerateAsync(values, options, cancellationToken);

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : _inner.Value.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        if (_inner.IsValueCreated) _inner.Value.Dispose();
    }
}
