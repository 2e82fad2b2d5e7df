namespace Strata.Embeddings.Remote;

/// <summary>
/// A remote embedding endpoint failed in a way retries did not fix: unreachable, rejected the request, or answered with the
/// wrong shape. An <see cref="IOException"/>, so hosts report it like any other failed read.
/// </summary>
public sealed class RemoteEmbeddingException(string message, Exception? inner = null) : IOException(message, inner);
