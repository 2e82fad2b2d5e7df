using Microsoft.Extensions.AI;

namespace Strata.Server;

/// <summary>
/// The generator the engine embeds with, as one container singleton that disposes it with the application (Strata's own
/// encoder is registered under this type, not as <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>, so it never shadows
/// or replaces a generator the application registered for itself).
/// </summary>
internal sealed class StrataEncoder(IEmbeddingGenerator<string, Embedding<float>> generator) : IDisposable
{
    public IEmbeddingGenerator<string, Embedding<float>> Generator => generator;

    public void Dispose() => generator.Dispose();
}
