using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Strata.Server.Api;
using Strata.Server.Security;

namespace Strata.Server.Http;

/// <summary>
/// The rate limit of the anonymous endpoints that run the encoder (<see cref="RecommendationEndpoints.EncoderPolicy"/>):
/// a fixed window per client — its API key when it sends one (by digest, so the key itself is not kept), else its
/// address. A refused request gets a 429 problem with <c>Retry-After</c>.
/// </summary>
internal static class EncoderRateLimit
{
    public static void Configure(RateLimiterOptions limiter, EncoderRateLimitOptions options)
    {
        limiter.AddPolicy(RecommendationEndpoints.EncoderPolicy, context => options.PermitLimit == 0
            ? RateLimitPartition.GetNoLimiter("off")
            : RateLimitPartition.GetFixedWindowLimiter(Client(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.PermitLimit,
                Window = options.Window,
                QueueLimit = 0,
            }));
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : (int)Math.Ceiling(options.Window.TotalSeconds);
            rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: $"At most {options.PermitLimit} requests per {options.Window} to this endpoint; retry after {seconds} s.").ExecuteAsync(rejected.HttpContext);
        };
    }

    private static string Client(HttpContext context)
    {
        var key = context.Request.Headers[ApiKeyFilter.HeaderName].ToString();
        return key.Length > 0
            ? "key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)))
            : "address:" + context.Connection.RemoteIpAddress;
    }
}
