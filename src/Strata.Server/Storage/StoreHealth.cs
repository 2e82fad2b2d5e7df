using Strata.Storage;
using Strata.Storage.Sqlite;

namespace Strata.Server.Storage;

/// <summary>
/// Whether the store takes writes. A failed commit (disk full, read-only file…) marks it unavailable; readiness then
/// reports the cause and probes the store with a real write, so the server becomes ready again as soon as writes work,
/// even when no client is writing.
/// </summary>
internal sealed class StoreHealth(IStore store, ILogger<StoreHealth> logger)
{
    private StoreUnavailableException? _failure;

    /// <summary>The last write failure, or null while writes work.</summary>
    public StoreUnavailableException? Failure => Volatile.Read(ref _failure);

    public void Failed(StoreUnavailableException failure)
    {
        if (Interlocked.Exchange(ref _failure, failure) is null) logger.LogError("The store stopped taking writes: {Reason}", failure.Message);
    }

    public void Succeeded()
    {
        if (Interlocked.Exchange(ref _failure, null) is not null) logger.LogInformation("The store takes writes again");
    }

    /// <summary>Null when writes work (probing the store when the last write failed), else why not.</summary>
    public async Task<StoreUnavailableException?> CheckAsync(CancellationToken cancellationToken)
    {
        if (Failure is null) return null;
        try
        {
            // SQLite: a commit that needs new pages (a full disk fails it). Elsewhere (PostgreSQL) an empty append: a round trip.
            if (store is SqliteStore sqlite) await sqlite.ProbeWritableAsync(cancellationToken);
            else await store.AppendAsync([], cancellationToken);
            Succeeded();
            return null;
        }
        catch (StoreUnavailableException e)
        {
            Failed(e);
            return e;
        }
    }
}
