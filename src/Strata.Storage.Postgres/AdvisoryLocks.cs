namespace Strata.Storage.Postgres;

/// <summary>
/// Transaction-scoped advisory locks (per database) by which stores in any number of processes take turns. Advisory
/// rather than table locks, so that readers and (auto)vacuum never conflict with them.
/// </summary>
internal static class AdvisoryLocks
{
    /// <summary>Held while migrating the schema.</summary>
    public const long Migration = 0x5354_5241_5441_0001;

    /// <summary>
    /// Held by every writer of the event log (append, import, erasure) from its start to its commit, so the log has
    /// one writer at a time, as in SQLite: sequence numbers become visible in increasing order (a reader that has seen
    /// N never later finds an event below N), and an erasure never races an append creating events for the user it deletes.
    /// </summary>
    public const long EventLog = 0x5354_5241_5441_0002;

    /// <summary>Held while saving an artifact, so saves of one name get consecutive versions.</summary>
    public const long Artifacts = 0x5354_5241_5441_0003;

    public static string Take(long key) => $"SELECT pg_advisory_xact_lock({key})";
}
