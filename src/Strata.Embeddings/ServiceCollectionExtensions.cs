using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Strata.Embeddings.Remote;

namespace Strata.Embeddings;

/// <summary>Registers the encoder for hosts (server, CLI).</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="EmbeddingOptions"/> from <c>Strata:Embeddings</c>, validates it now (a bad setting fails at start,
    /// not at the first request), and registers a singleton <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> built by
    /// <see cref="EmbeddingGeneratorFactory"/> on first use. The remote generator's HTTP client is the factory client
    /// <see cref="RemoteEmbeddingHttp.ClientName"/> with the standard resilience handler.
    /// </summary>
    public static IServiceCollection AddStrataEmbeddings(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new EmbeddingOptions();
        configuration.GetSection(EmbeddingOptions.Section).Bind(options);
        Validate(options);
        services.TryAddSingleton(options);
        services.AddRemoteEmbeddingHttpClient(options.Remote);
        services.TryAddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(provider =>
            EmbeddingGeneratorFactory.Create(provider.GetRequiredService<EmbeddingOptions>(), provider.GetRequiredService<IHttpClientFactory>()));
        return services;
    }

    /// <summary>Throws <see cref="ValidationException"/> naming the first bad setting of <paramref name="options"/>.</summary>
    public static void Validate(EmbeddingOptions options)
    {
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        Validator.ValidateObject(options.Remote, new ValidationContext(options.Remote), validateAllProperties: true);
        if (!EmbeddingGeneratorFactory.ModelNames.Contains(options.Model, StringComparer.OrdinalIgnoreCase))
            throw new ValidationException(
                $"{EmbeddingOptions.Section}:Model is '{options.Model}'; expected one of {string.Join(", ", EmbeddingGeneratorFactory.ModelNames)}.");
    }
}
