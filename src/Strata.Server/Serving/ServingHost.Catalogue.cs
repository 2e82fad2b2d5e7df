using System.Collections.Immutable;
using Strata.Core.Domain;
using Strata.Storage;

namespace Strata.Server.Serving;

/// <summary>
/// Hidden and deleted items, and the deletions that change users' histories (one event, or an item with every event on
/// it). Each runs under the write lock, in order with group commits, and leaves the live profiles equal to the log: the
/// users it touched are forgotten and replayed from the store (a refit under way does the same before it serves).
/// </summary>
internal sealed partial class ServingHost
{
    // Items hidden in the store, plus items deleted since the serving model was fitted (it still holds them): never listed.
    private ImmutableHashSet<string> _hidden = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    private ImmutableHashSet<string> _deleted = ImmutableHashSet.Create<string>(StringComparer.Ordinal);
    private long _hiddenVersion;

    /// <summary>True when the item was deleted since the serving model was fitted.</summary>
    public bool IsDeleted(string itemId) => Volatile.Read(ref _deleted).Contains(itemId);

    /// <summary>True when the item is hidden (or deleted).</summary>
    public bool IsHidden(string itemId) => Volatile.Read(ref _hidden).Contains(itemId) || IsDeleted(itemId);

    /// <summary>A list filter: every hidden or deleted item and <paramref name="userHidden"/> left out, and only <paramref name="categories"/> when any.</summary>
    public ListFilter Filter(IReadOnlyList<string> categories, IReadOnlyList<string> exclude, IReadOnlyList<string>? userHidden = null)
    {
        var version = Interlocked.Read(ref _hiddenVersion);
        var hidden = Volatile.Read(ref _hidden).Union(Volatile.Read(ref _deleted));
        if (userHidden is { Count: > 0 }) hidden = hidden.Union(userHidden);
        return new ListFilter(hidden, categories, exclude, version);
    }

    /// <summary>Sets an item's hidden flag in the store and at once in every list; false for an unknown item.</summary>
    public async Task<bool> SetHiddenAsync(string itemId, bool hidden, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (!await _catalog.SetItemHiddenAsync(itemId, hidden, cancellationToken)) return false;
            Volatile.Write(ref _hidden, hidden ? _hidden.Add(itemId) : _hidden.Remove(itemId));
            Interlocked.Increment(ref _hiddenVersion);
        }
        finally
        {
            _writeLock.Release();
        }
        await TellPeersAsync(CatalogueChange.Hidden, cancellationToken);
        return true;
    }

    /// <summary>Hides items from one user's recommendations (stored; cached answers are dropped).</summary>
    public async Task HideForUserAsync(string storedUserId, IReadOnlyList<string> itemIds, CancellationToken cancellationToken)
    {
        await _catalog.HideItemsForUserAsync(storedUserId, itemIds, cancellationToken);
        Interlocked.Increment(ref _hiddenVersion);
        // The user's answers may be cached on the silo of their grain.
        await TellPeersAsync(CatalogueChange.Hidden, cancellationToken);
    }

    /// <summary>Removes one event of a user from the log and from their live profile; false when they have no such event.</summary>
    public async Task<bool> DeleteEventAsync(string storedUserId, long sequence, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (!await _events.DeleteEventAsync(storedUserId, sequence, cancellationToken)) return false;
            await ReplayUserAsync(storedUserId);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Deletes an item and every event on it; the users who had events on it are replayed from the log, and the item is
    /// never listed again (the next refit no longer holds it). Returns the events removed, or -1 for an unknown item.
    /// </summary>
    public async Task<long> DeleteItemAsync(string itemId, CancellationToken cancellationToken)
    {
        long removed;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var users = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var e in _events.ReadByItemAsync(itemId, cancellationToken)) users.Add(e.Event.UserId);
            removed = await _events.DeleteItemAsync(itemId, cancellationToken);
            if (removed < 0) return removed;
            ForgetDeletedItem(itemId);
            foreach (var user in users) await ReplayUserAsync(user);
        }
        finally
        {
            _writeLock.Release();
        }
        await TellPeersAsync(CatalogueChange.Deletion(itemId), cancellationToken);
        return removed;
    }

    /// <summary>Under the write lock: a deleted item is never listed again, and leaves the items added since the fit.</summary>
    private void ForgetDeletedItem(string itemId)
    {
        Volatile.Write(ref _deleted, _deleted.Add(itemId));
        Volatile.Write(ref _hidden, _hidden.Remove(itemId));
        Interlocked.Increment(ref _hiddenVersion);
        Current?.RemoveAddedItem(itemId);
    }

    /// <summary>
    /// A peer changed the catalogue (the store already holds the change): this state shows it too. Users whose events went
    /// with a deleted item are rebuilt by their grains, so only the item itself is forgotten here.
    /// </summary>
    public async Task ApplyPeerChangeAsync(CatalogueChange change, CancellationToken cancellationToken)
    {
        if (change.Upserted.Count > 0)
        {
            var items = new List<Item>(change.Upserted.Count);
            foreach (var id in change.Upserted)
                if (await _catalog.GetItemAsync(id, cancellationToken) is { } item) items.Add(item);
            await PlaceItemsAsync(items, cancellationToken);
        }
        if (change.Deleted.Count == 0 && !change.HiddenChanged) return;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            foreach (var id in change.Deleted) ForgetDeletedItem(id);
            if (change.HiddenChanged) Volatile.Write(ref _hidden, await ReadHiddenAsync());
            Interlocked.Increment(ref _hiddenVersion);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private Task TellPeersAsync(CatalogueChange change, CancellationToken cancellationToken) =>
        _peers?.CatalogueChangedAsync(change, cancellationToken) ?? Task.CompletedTask;

    private async Task<ImmutableHashSet<string>> ReadHiddenAsync() =>
        ImmutableHashSet.CreateRange(StringComparer.Ordinal, await _catalog.ReadHiddenItemsAsync(CancellationToken.None));

    /// <summary>Rebuilds a user's live profile from the log (under the write lock); a refit under way replays them before it serves.</summary>
    private async Task ReplayUserAsync(string storedUserId)
    {
        if (_refitting) _erasedDuringRefit.Add(storedUserId);
        // In a cluster the user's live profile is their grain's, possibly on another silo: it rebuilds there.
        if (_profileOwner is not null) await _profileOwner.ReplayAsync(storedUserId, CancellationToken.None);
        if (Current is not { } state) return;
        state.ForgetUser(storedUserId);
        state.Apply(await ReadUserThroughAsync(storedUserId, long.MaxValue));
    }

    /// <summary>At publication (under the write lock): hidden items as the store holds them; deletions the fitted catalogue no longer holds are done.</summary>
    private async Task ReloadHiddenAsync(ServingState fitted)
    {
        Volatile.Write(ref _hidden, await ReadHiddenAsync());
        Volatile.Write(ref _deleted, _deleted.Where(id => fitted.Items.Contains(id)).ToImmutableHashSet(StringComparer.Ordinal));
        Interlocked.Increment(ref _hiddenVersion);
    }
}
