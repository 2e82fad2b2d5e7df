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

    /// <summary>Expected vector length; a response of another length is an error. Null: the first response decides and later ones must match.</summary>
    [Range(1, 65536)]
    public int? Dimensions { get; set; } = 384;

    /// <summary>Texts per request.</summary>
    [Range(1, 2048)]
    public int BatchSize { get; set; } = 64;

    /// <summary>Retries of one request after HTTP 429, 5xx or a dropped connection, with exponential backoff.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>First backoff delay; doubles per retry. A <c>Retry-After</c> header from the server wins.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Time limit for one HTTP request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);
}
