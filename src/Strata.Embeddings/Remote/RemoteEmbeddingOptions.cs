using System.ComponentModel.DataAnnotations;

namespace Strata.Embeddings.Remote;

/// <summary>
/// An OpenAI-compatible <c>/v1/embeddings</c> endpoint (OpenAI, Azure OpenAI's v1 API, Ollama, vLLM, LM Studio, …).
/// Bound from <c>Strata:Embeddings:Remote</c>.
/// </summary>
public sealed class RemoteEmbeddingOptions
{
    /// <summary>Base URL up to and including <c>/v1</c>; requests go to <c>{Endpoint}/embeddings</c>. Default: a local Ollama.</summary>
    [Required]
    public string Endpoint { get; set; } = "http://localhost:11434/v1";

    /// <summary>Model name sent in each request.</summary>
    [Required]
    public string Model { get; set; } = "all-minilm";

    /// <summary>Name of the environment variable holding the API key (the key itself never sits in configuration). Unset variable: no key is sent.</summary>
    public string ApiKeyEnvironmentVariable { get; set; } = "STRATA_EMBEDDINGS_API_KEY";

    /// <summary>
    /// Vector length, sent as <c>dimensions</c> in each request (models that can shorten their vectors answer in this size)
    /// and checked on every answer. Null: nothing is sent, the first answer decides and later ones must match (for models
    /// that reject <c>dimensions</c>, such as text-embedding-ada-002).
    /// </summary>
    [Range(1, 65536)]
    public int? Dimensions { get; set; } = 384;

    /// <summary>Texts per request.</summary>
    [Range(1, 2048)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Retries of one request after HTTP 408, 429, 5xx, a timeout or a dropped connection (exponential backoff with jitter).</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay; doubles per retry, jittered. A <c>Retry-After</c> or <c>retry-after-ms</c> header from the server wins (at most a minute).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time limit for one attempt; the whole request, retries included, gets <c>(MaxRetries + 1)</c> of these plus the waits.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
