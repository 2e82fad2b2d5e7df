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
    /// Erases a user: the user row and every event of the user (their idempotency keys and texts go with them), so that
    /// none of their bytes remain in the store's files once this returns (as far as the engine allows; see each store).
    /// Returns the number of events removed; 0 with no effect for an unknown user.
    /// </summary>
    Task<long> DeleteUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Event counts by type and the time range, over events with <paramref name="from"/> ≤ time &lt; <paramref name="until"/> (null = unbounded).</summary>
    Task<EventCounts> CountEventsAsync(DateTimeOffset? from = null, DateTimeOffset? until = null, CancellationToken cancellationToken = default);
}
