using Strata.Core.Domain;

namespace Strata.Storage;

/// <summary>
/// The append-only event log. Appends take batches so that a server can group many requests into one durable commit;
/// a batch is all-or-nothing. Events whose idempotency key is already in the log are dropped, so clients may re-send.
/// Every appended event gets a sequence number, increasing in append order.
/// </summary>
public interface IEventStore
{
    /// <summary>
    /// Appends a batch atomically and durably (committed before this returns). Users the log has not seen are created on
    /// the fly; every item must already be in the catalogue.
    /// </summary>
    /// <exception cref="RejectedEventException">An event breaks <see cref="Strata.Core.Domain.EventRules"/> or names an item the
    /// catalogue does not hold; nothing is written.</exception>
    Task<AppendResult> AppendAsync(IReadOnlyList<Event> batch, CancellationToken cancellationToken = default);

    /// <summary>Every event with a sequence number above <paramref name="afterSequence"/>, in append order.</summary>
    IAsyncEnumerable<StoredEvent> ReadSinceAsync(long afterSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>One user's events in time order (ties in append order).</summary>
    IAsyncEnumerable<StoredEvent> ReadByUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Every event on one item, in append order.</summary>
    IAsyncEnumerable<StoredEvent> ReadByItemAsync(string itemId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Erases a user: the user row, every event of the user (their idempotency keys and texts go with them) and the items they hid, so that
    /// none of their bytes remain in the store's files once this returns (as far as the engine allows; see each store).
    /// Returns the number of events removed; 0 with no effect for an unknown user.
    /// </summary>
    Task<long> DeleteUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>At most <paramref name="limit"/> of one user's events with a sequence number above <paramref name="afterSequence"/>, in append order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadUserEventsPageAsync(string userId, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>At most <paramref name="limit"/> events on one item with a sequence number above <paramref name="afterSequence"/>, in append order.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadItemEventsPageAsync(string itemId, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes one event of a user (its idempotency key goes with it, so the event may be sent again). False when the user
    /// has no event with that sequence number. The sequence number is never reused.
    /// </summary>
    Task<bool> DeleteEventAsync(string userId, long sequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Removes an item from the catalogue with every event on it and every user's hiding of it. Returns the events removed,
    /// or -1 (and no change) when the catalogue does not hold the item.
    /// </summary>
    Task<long> DeleteItemAsync(string itemId, CancellationToken cancellationToken = default);

    /// <summary>Event counts by type and the time range, over events with <paramref name="from"/> ≤ time &lt; <paramref name="until"/> (null = unbounded).</summary>
    Task<EventCounts> CountEventsAsync(DateTimeOffset? from = null, DateTimeOffset? until = null, CancellationToken cancellationToken = default);
}
