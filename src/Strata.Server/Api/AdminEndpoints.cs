using Strata.Server.Serving;
using Strata.Storage;

namespace Strata.Server.Api;

/// <summary>
/// <c>POST /admin/refit</c>: refit the models from the log now and swap them in (requests keep using the old version
/// meanwhile); in a cluster, one fit for every silo, as <c>POST /cluster/refit</c>.
/// </summary>
internal static class AdminEndpoints
{
    public static void Map(RouteGroupBuilder writes)
    {
        writes.MapPost("/admin/refit", async (ServingHost serving, CancellationToken cancellationToken) =>
        {
            var version = await serving.RefitEverywhereAsync(cancellationToken);
            return Results.Ok(new { modelVersion = version });
        })
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .WithName("Refit").WithTags("admin")
        .WithSummary("Refit taxonomy, collaborative models and ranker from the event log; swap atomically when done (in a cluster, on every silo).");
        writes.MapPost("/admin/compact", async (IStoreCompaction store, CancellationToken cancellationToken) =>
        {
            await store.CompactAsync(cancellationToken);
            return Results.Ok(new { compacted = true });
        })
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .WithName("Compact").WithTags("admin")
        .WithSummary("Rewrite the store's files so that nothing erased survives in them (VACUUM, then an empty WAL).");
    }
}
