using Microsoft.Extensions.AI;

namespace Strata.Embeddings.Tests;

/// <summary>Lends the fixture's shared encoder to a decorator without letting the decorator dispose it.</summary>
public sealed class BorrowedGenerator(IEmbeddingGenerator<string, Embedding<float>> inner)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(inner)
{
    protected override void Dispose(bool disposing)
    {
        // The fixture owns the encoder.
    }
}
