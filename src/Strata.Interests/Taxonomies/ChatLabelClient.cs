using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;

namespace Strata.Interests.Taxonomies;

/// <summary>Builds the <see cref="IChatClient"/> of <see cref="ChatLabelOptions"/> through Microsoft.Extensions.AI.OpenAI.</summary>
public static class ChatLabelClient
{
    /// <summary>Placeholder key for servers that need none (the OpenAI client refuses an empty one).</summary>
    public const string NoKey = "no-key";

    /// <summary>The chat client, or null when <paramref name="options"/> names no endpoint.</summary>
    public static IChatClient? Create(ChatLabelOptions options)
    {
        if (!options.Enabled) return null;
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            throw new ArgumentException($"{ChatLabelOptions.Section}:Endpoint '{options.Endpoint}' is not an http(s) URL.", nameof(options));
        var key = string.IsNullOrEmpty(options.ApiKeyEnvironmentVariable) ? null : Environment.GetEnvironmentVariable(options.ApiKeyEnvironmentVariable);
        var client = new OpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(key) ? NoKey : key), new OpenAIClientOptions
        {
            Endpoint = endpoint,
            NetworkTimeout = options.RequestTimeout,
            // Naming is optional: one retry, then the offline label stands.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 1),
        });
        return client.GetChatClient(options.Model).AsIChatClient();
    }
}
