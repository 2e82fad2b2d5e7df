using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary;

namespace Strata.Client;

/// <summary>
/// The generated <see cref="StrataApiClient"/> wired to one Strata server: its address, and its API key sent as
/// <c>X-Api-Key</c> (writes always need it; reads of a person's data need it unless the server opens them).
/// </summary>
/// <example>
/// <code>
/// using var strata = new StrataClient(new Uri("http://127.0.0.1:5080"), Environment.GetEnvironmentVariable("STRATA_API_KEY"));
/// var recommendations = await strata.Api.Users["42"].Recommendations.GetAsync(q => q.QueryParameters.N = "10");
/// </code>
/// </example>
public sealed class StrataClient : IDisposable
{
    private readonly HttpClientRequestAdapter _adapter;

    /// <param name="baseAddress">The server, e.g. <c>http://127.0.0.1:5080</c> (a path prefix, if the API is mounted under one, is kept).</param>
    /// <param name="apiKey">The server's API key, or null to send none (anonymous reads only).</param>
    /// <param name="httpClient">
    /// An <see cref="HttpClient"/> to send with (e.g. from <c>IHttpClientFactory</c>, with its own handlers and timeouts); it is
    /// not disposed with this client. Without one, Kiota's default client (with its retry, redirect and compression handlers) is made.
    /// </param>
    public StrataClient(Uri baseAddress, string? apiKey = null, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        if (!baseAddress.IsAbsoluteUri) throw new ArgumentException("The server address must be absolute.", nameof(baseAddress));
        IAuthenticationProvider authentication = string.IsNullOrEmpty(apiKey)
            ? new AnonymousAuthenticationProvider()
            : new ApiKeyHeaderAuthentication(apiKey, baseAddress);
        _adapter = new HttpClientRequestAdapter(authentication, httpClient: httpClient)
        {
            BaseUrl = baseAddress.ToString().TrimEnd('/'),
        };
        Api = new StrataApiClient(_adapter);
    }

    /// <summary>The generated client: one property per path segment (<c>Api.Items</c>, <c>Api.Users["id"].Interests</c>…).</summary>
    public StrataApiClient Api { get; }

    public void Dispose() => _adapter.Dispose();
}
