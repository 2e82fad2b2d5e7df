using System.ComponentModel.DataAnnotations;

namespace Strata.Interests.Taxonomies;

/// <summary>
/// The optional chat model that names taxonomy nodes (<see cref="TaxonomyNamer"/>): any OpenAI-compatible
/// <c>POST {Endpoint}/chat/completions</c> (OpenAI, Azure OpenAI's v1 API, Ollama, vLLM, LM Studio). Bound from
/// <c>Strata:Labels:Chat</c>; without an <see cref="Endpoint"/> nodes keep their offline labels.
/// </summary>
public sealed class ChatLabelOptions
{
    /// <summary>Configuration section this type binds to.</summary>
    public const string Section = "Strata:Labels:Chat";

    /// <summary>Base URL up to and including <c>/v1</c>, e.g. <c>http://localhost:11434/v1</c> for Ollama. Null or empty: no chat naming.</summary>
    public string? Endpoint { get; set; }

    /// <summary>Model name sent in each request.</summary>
    [Required]
    public string Model { get; set; } = "llama3.2";

    /// <summary>Name of the environment variable holding the API key (the key never sits in configuration). Unset: a placeholder key is sent, which local servers ignore.</summary>
    public string ApiKeyEnvironmentVariable { get; set; } = "STRATA_LABELS_API_KEY";

    /// <summary>Time limit for one request.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Requests in flight at once.</summary>
    [Range(1, 32)]
    public int Concurrency { get; set; } = 4;

    /// <summary>True when an endpoint is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}
