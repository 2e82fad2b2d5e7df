namespace Strata.Core.Domain;

/// <summary>
/// One user behaviour. Events are immutable facts: the store appends them and never edits them.
/// </summary>
/// <param name="UserId">External user id.</param>
/// <param name="ItemId">External item id; null only for <see cref="EventType.Search"/>.</param>
/// <param name="Type">What happened.</param>
/// <param name="Timestamp">When it happened. Datasets without times (ml-1m pairs) use <see cref="DateTimeOffset.UnixEpoch"/>.</param>
/// <param name="Value">Rating value for <see cref="EventType.Rating"/>, a quantity for purchases, otherwise null.</param>
/// <param name="Text">Query text for <see cref="EventType.Search"/>, tag text for <see cref="EventType.Tag"/>.</param>
/// <param name="IdempotencyKey">Optional client key: a second event with the same key is ignored by the store.</param>
public sealed record Event(
    string UserId,
    string? ItemId,
    EventType Type,
    DateTimeOffset Timestamp,
    double? Value = null,
    string? Text = null,
    string? IdempotencyKey = null);
