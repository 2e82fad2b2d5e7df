using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Strata.Client;

/// <summary>
/// Sends Strata's API key as the <c>X-Api-Key</c> header, to the server's own host only (a redirect or an absolute link to
/// another host never carries it). Kiota's <c>ApiKeyAuthenticationProvider</c> refuses plain http, which is how a Strata
/// server on loopback or behind a TLS-terminating proxy is addressed, so the client brings its own.
/// </summary>
internal sealed class ApiKeyHeaderAuthentication(string apiKey, Uri server) : IAuthenticationProvider
{
    public const string Header = "X-Api-Key";

    public Task AuthenticateRequestAsync(RequestInformation request, Dictionary<string, object>? additionalAuthenticationContext = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.Equals(request.URI.Host, server.Host, StringComparison.OrdinalIgnoreCase) && request.URI.Port == server.Port)
        {
            request.Headers.Remove(Header);
            request.Headers.Add(Header, apiKey);
        }
        return Task.CompletedTask;
    }
}
