using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Strata.Server.Security;

/// <summary>
/// Endpoint filter that admits a request only when its <c>X-Api-Key</c> header equals the configured key.
/// Both sides are hashed to fixed-length digests and compared with <see cref="CryptographicOperations.FixedTimeEquals"/>,
/// so neither the key's content nor its length leaks through timing.
/// </summary>
internal sealed class ApiKeyFilter(IOptions<StrataServerOptions> options) : IEndpointFilter
{
    public const string HeaderName = "X-Api-Key";

    private readonly byte[]? _expectedDigest = options.Value.ApiKey is { Length: > 0 } key
        ? SHA256.HashData(Encoding.UTF8.GetBytes(key))
        : null;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // No key configured: start-up already refused unless anonymous writes were asked for explicitly.
        if (_expectedDigest is null) return next(context);
        var sent = context.HttpContext.Request.Headers[HeaderName].ToString();
        if (sent.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(sent)), _expectedDigest))
            return next(context);
        return ValueTask.FromResult<object?>(Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Missing or wrong API key",
            detail: $"Send the API key in the {HeaderName} header."));
    }
}
