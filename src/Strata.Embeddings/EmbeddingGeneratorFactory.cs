using Microsoft.Extensions.AI;
using Strata.Embeddings.Caching;
using Strata.Embeddings.Onnx;
using Strata.Embeddings.Remote;

namespace Strata.Embeddings;

/// <summary>
/// The one place that turns a model name into an <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>: <c>minilm</c>,
/// <c>minilm-int8</c> and <c>arctic-xs</c> give the local <see cref="OnnxSentenceEncoder"/>, <c>remote</c> a <see cref="RemoteEmbeddingGenerator"/>,
/// <c>hashing</c> a <see cref="Hashing.HashingEmbeddingGenerator"/> (bag of words, for scale runs; never cached);
/// with <see cref="EmbeddingOptions.VectorCachePath"/> set, either is wrapped in a <see cref="VectorCachingEmbeddingGenerator"/>.
/// Every generator it returns yields L2-normalised vectors. The caller disposes the generator.
/// </summary>
public static class EmbeddingGeneratorFactory
{
    /// <summary>Name of the remote model choice.</summary>
    public const string RemoteModel = "remote";

    /// <summary>The names accepted by <see cref="Create(string, EmbeddingOptions)"/>.</summary>
    public static IReadOnlyList<string> ModelNames { get; } =
        [.. SentenceEncoderModel.BuiltIn.Select(m => m.Name), RemoteModel, Hashing.HashingEmbeddingGenerator.ModelName];

    /// <summary>A generator for <see cref="EmbeddingOptions.Model"/>.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(EmbeddingOptions options, IHttpClientFactory? httpClientFactory = null) =>
        Create(options.Model, options, httpClientFactory);

    /// <summary>
    /// A generator for <paramref name="model"/> (<c>minilm</c>, <c>minilm-int8</c>, <c>arctic-xs</c>, <c>remote</c> or <c>hashing</c>),
    /// configured by <paramref name="options"/>. A remote generator sends through <paramref name="httpClientFactory"/>'s
    /// client <see cref="RemoteEmbeddingHttp.ClientName"/> when given, else through its own resilient client.
    /// </summary>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(string model, EmbeddingOptions? options = null, IHttpClientFactory? httpClientFactory = null)
    {
        options ??= new EmbeddingOptions();
        if (string.Equals(model, Hashing.HashingEmbeddingGenerator.ModelName, StringComparison.OrdinalIgnoreCase)) return new Hashing.HashingEmbeddingGenerator();
        IEmbeddingGenerator<string, Embedding<float>> generator;
        string cacheKey;
        int? dimensions;
        if (string.Equals(model, RemoteModel, StringComparison.OrdinalIgnoreCase))
        {
            generator = new RemoteEmbeddingGenerator(options.Remote, httpClientFactory);
            cacheKey = $"remote/{options.Remote.Endpoint.TrimEnd('/')}/{options.Remote.Model}";
            dimensions = options.Remote.Dimensions;
        }
        else
        {
            var local = SentenceEncoderModel.FromName(model);
            if (options.VectorCachePath is null) return OnnxSentenceEncoder.Load(local, options);
            // Behind the cache the model loads only when a text misses: a warm run never pays for it.
            generator = new LazyEmbeddingGenerator(() => OnnxSentenceEncoder.Load(local, options), local.Metadata());
            cacheKey = CacheKey(local, options);
            dimensions = local.Dimensions;
        }
        if (options.VectorCachePath is null) return generator;
        try
        {
            return new VectorCachingEmbeddingGenerator(generator, new VectorCacheStore(options.VectorCachePath), cacheKey, dimensions);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The identity of an application's own generator — provider, model and dimensions from its metadata — under which its
    /// vectors are cached and which a saved model's stamp records, so vectors of another generator are never reused.
    /// </summary>
    public static string ApplicationKey(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        return $"application/{metadata?.ProviderName ?? generator.GetType().FullName}/{metadata?.DefaultModelId ?? "default"}/{metadata?.DefaultModelDimensions?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "any"}";
    }

    /// <summary>
    /// An application's own generator behind the vector cache (when <see cref="EmbeddingOptions.VectorCachePath"/> is set).
    /// Disposing the result leaves <paramref name="generator"/> to the application that owns it.
    /// </summary>
    public static IEmbeddingGenerator<string, Embedding<float>> ForApplication(IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingOptions options)
    {
        var borrowed = new BorrowedEmbeddingGenerator(generator);
        if (options.VectorCachePath is null) return borrowed;
        var dimensions = generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions;
        return new VectorCachingEmbeddingGenerator(borrowed, new VectorCacheStore(options.VectorCachePath), ApplicationKey(generator), dimensions);
    }

    /// <summary>Passes every call through but never disposes the generator it borrows.</summary>
    private sealed class BorrowedEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> inner) : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
    {
        protected override void Dispose(bool disposing)
        {
        }
    }

    /// <summary>The vector-cache key of a local model: its id plus the token limit, the one setting that changes its vectors.</summary>
    public static string CacheKey(SentenceEncoderModel model, EmbeddingOptions options) => $"onnx/{model.ModelId}/max{options.MaxTokens}";
}
