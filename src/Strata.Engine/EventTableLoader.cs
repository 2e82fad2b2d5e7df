using Strata.Core.Ids;
using Strata.Core.Interactions;
using Strata.Storage;

namespace Strata.Engine;

/// <summary>Reads the store's event log into the columnar <see cref="EventTable"/> that profiles and models fit on.</summary>
public static class EventTableLoader
{
    /// <summary>
    /// Every event of the log in append order, with item indices over <paramref name="items"/> (the taxonomy's items).
    /// Events on items outside <paramref name="items"/>, and searches, are skipped: profiles cannot place them.
    /// </summary>
    public static async Task<EventTable> ReadAsync(IEventStore store, IdMap items, CancellationToken cancellationToken = default)
    {
        var builder = new EventTable.Builder(new IdMap(), IdMap.From(items.Ids));
        await foreach (var stored in store.ReadSinceAsync(0, cancellationToken).ConfigureAwait(false))
        {
            var e = stored.Event;
            if (e.ItemId is null || !items.Contains(e.ItemId)) continue;
            builder.Add(e);
        }
        return builder.Build();
    }
}
