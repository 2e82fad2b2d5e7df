namespace Strata.Embeddings.Remote;

/// <summary>A remote embedding endpoint failed in a way retries did not fix: unreachable, rejected the request, or answered with the wrong shape.</summary>
public sealed class RemoteEmbeddingException(string message, Exception? inner = null) : Exception(message, inner);
