using Microsoft.AspNetCore.Diagnostics;
using Strata.Storage;

namespace Strata.Server.Storage;

/// <summary>
/// Answers a request whose write the store could not commit with 503 and a problem type naming the cause
/// (<c>urn:strata:problem:store-full</c>, <c>…:store-read-only</c>, …) instead of a generic 500, and marks the store
/// unhealthy so readiness reports it.
/// </summary>
internal sealed class StoreUnavailableHandler(StoreHealth health, IProblemDetailsService problems) : IExceptionHandler
{
    public const string TypePrefix = "urn:strata:problem:";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not StoreUnavailableException unavailable) return false;
        health.Failed(unavailable);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "30";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = TypePrefix + unavailable.Slug,
                Title = Title(unavailable.Reason),
                Detail = "Nothing of this request was stored. Retry later; /health/ready says when the store takes writes again.",
            },
        });
    }

    private static string Title(StoreFailure reason) => reason switch
    {
        StoreFailure.Full => "The store is full (disk or size limit)",
        StoreFailure.ReadOnly => "The store is read-only",
        StoreFailure.Busy => "The store is locked by another process",
        StoreFailure.IoError => "The store's disk reported an I/O error",
        _ => "The store file is damaged",
    };
}
