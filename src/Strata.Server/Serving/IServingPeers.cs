namespace Strata.Server.Serving;

/// <summary>
/// The other processes serving the same store: in a cluster, the other silos. Each keeps its own serving state, so a
/// change made through one of them (an item added, changed, hidden or deleted, an experiment started or stopped) is told
/// to the others once the store holds it. Absent on a single node. A peer that misses a notice catches up at its next
/// model swap, which rereads the catalogue and the hidden items; so the calls log a failure and never throw.
/// </summary>
internal interface IServingPeers
{
    /// <summary>Items were upserted (embed and place them), or deleted (never list them), or hidden flags changed (reread them).</summary>
    Task CatalogueChangedAsync(CatalogueChange change, CancellationToken cancellationToken);

    /// <summary>An experiment was added or stopped: reread the experiments.</summary>
    Task ExperimentsChangedAsync(CancellationToken cancellationToken);

    /// <summary>Refits once for every silo (one fit, published, swapped in everywhere).</summary>
    Task RefitAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Refits for every silo unless a refit for the cluster began less than <paramref name="interval"/> ago: each silo's
    /// timer asks, and the cluster refits about once per interval rather than once per silo.
    /// </summary>
    Task RefitIfDueAsync(TimeSpan interval, CancellationToken cancellationToken);
}

/// <summary>A change to the catalogue a peer's serving state must show.</summary>
/// <param name="Upserted">Items inserted or replaced in the store.</param>
/// <param name="Deleted">Items deleted with their events (the users concerned are rebuilt through their grains).</param>
/// <param name="HiddenChanged">An item's hidden flag, or a user's hidden items, changed in the store.</param>
internal sealed record CatalogueChange(IReadOnlyList<string> Upserted, IReadOnlyList<string> Deleted, bool HiddenChanged)
{
    public static CatalogueChange Items(IReadOnlyList<string> upserted) => new(upserted, [], false);

    public static CatalogueChange Deletion(string itemId) => new([], [itemId], true);

    public static readonly CatalogueChange Hidden = new([], [], true);
}
