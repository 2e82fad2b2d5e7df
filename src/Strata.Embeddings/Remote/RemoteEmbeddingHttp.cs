using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Strata.Embeddings.Remote;

/// <summary>
/// The named <see cref="HttpClient"/> that <see cref="RemoteEmbeddingGenerator"/> sends through: registered with
/// <see cref="IHttpClientFactory"/> and Microsoft.Extensions.Http.Resilience's standard handler (rate limiter, total
/// timeout, retries with exponential backoff and jitter, circuit breaker, per-attempt timeout), tuned from
/// <see cref="RemoteEmbeddingOptions"/>. A host may add its own handlers to the client named <see cref="ClientName"/>.
/// </summary>
public static class RemoteEmbeddingHttp
{
    /// <summary>Name of the <see cref="IHttpClientFactory"/> client.</summary>
    public const string ClientName = "Strata.Embeddings.Remote";

    /// <summary>Longest wait between two attempts, whatever the backoff or a <c>Retry-After</c> header asks.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    /// <summary>Registers the client named <see cref="ClientName"/> with the standard resilience handler configured from <paramref name="options"/>.</summary>
    public static IHttpClientBuilder AddRemoteEmbeddingHttpClient(this IServiceCollection services, RemoteEmbeddingOptions options)
    {
        // The resilience handler owns every time limit; HttpClient's own 100 s default would cut retries short.
        var builder = services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddStandardResilienceHandler(resilience => Configure(resilience, options));
        return builder;
    }

    /// <summary>The standard pipeline's settings for <paramref name="options"/>.</summary>
    public static void Configure(HttpStandardResilienceOptions resilience, RemoteEmbeddingOptions options)
    {
        resilience.AttemptTimeout.Timeout = options.RequestTimeout;
        // The handler requires the breaker to sample at least two attempts' worth of time (and keeps its 30 s default above that).
        if (resilience.CircuitBreaker.SamplingDuration < options.RequestTimeout * 2) resilience.CircuitBreaker.SamplingDuration = options.RequestTimeout * 2;
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.Delay = options.InitialBackoff;
        resilience.Retry.MaxDelay = MaxRetryDelay;
        // OpenAI sends retry-after-ms besides the standard Retry-After; either wins over the backoff (null = backoff).
        resilience.Retry.DelayGenerator = arguments => ValueTask.FromResult(ServerRequestedDelay(arguments.Outcome.Result));
        if (options.MaxRetries > 0) resilience.Retry.MaxRetryAttempts = options.MaxRetries;
        else resilience.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
        resilience.TotalRequestTimeout.Timeout = options.RequestTimeout * (options.MaxRetries + 1) + MaxRetryDelay * options.MaxRetries;
    }

    /// <summary>The wait a response asks for (<c>retry-after-ms</c>, else <c>Retry-After</c> as seconds or a date), capped at <see cref="MaxRetryDelay"/>; null when it asks for none.</summary>
    public static TimeSpan? ServerRequestedDelay(HttpResponseMessage? response)
    {
        if (response is null) return null;
        TimeSpan? delay = null;
        if (response.Headers.TryGetValues("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
            delay = TimeSpan.FromMilliseconds(ms);
        else if (response.Headers.RetryAfter?.Delta is { } delta)
            delay = delta;
        else if (response.Headers.RetryAfter?.Date is { } date)
            delay = date - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero;
        return delay is { } d && d > MaxRetryDelay ? MaxRetryDelay : delay;
    }
}
