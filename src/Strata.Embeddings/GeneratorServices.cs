using Microsoft.Extensions.AI;

namespace Strata.Embeddings;

/// <summary>The <c>GetService</c> contract every Strata generator honours: its metadata, or itself for a type it is.</summary>
internal static class GeneratorServices
{
    public static object? Resolve(object generator, EmbeddingGeneratorMetadata metadata, Type serviceType, object? serviceKey) =>
        serviceKey is not null ? null
        : serviceType == typeof(EmbeddingGeneratorMetadata) ? metadata
        : serviceType.IsInstanceOfType(generator) ? generator
        : null;
}
