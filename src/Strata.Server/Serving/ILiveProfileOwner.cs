using Strata.Storage;

namespace Strata.Server.Serving;

/// <summary>
/// Someone other than this process's <see cref="ServingHost"/> keeps users' live profiles: in a cluster, each user's
/// grain on the silo where it is active. Absent on a single node, where <see cref="ServingHost"/> applies every commit to
/// <see cref="ServingHost.Current"/> itself. The ingestor calls it after the commit and before acknowledging.
/// </summary>
internal interface ILiveProfileOwner
{
    /// <summary>Events just committed to the log (possibly with others committed since this process's last commit).</summary>
    Task CommittedAsync(IReadOnlyList<StoredEvent> written, CancellationToken cancellationToken);

    /// <summary>A user just erased from the log (<paramref name="removed"/> events) and from this process's state.</summary>
    Task ErasedAsync(string storedUserId, long removed, CancellationToken cancellationToken);

    /// <summary>Some of a user's events were removed from the log (one event, or an item's): their profile is rebuilt from it.</summary>
    Task ReplayAsync(string storedUserId, CancellationToken cancellationToken);
}
