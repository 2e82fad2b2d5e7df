namespace Strata.Server.Contracts;

/// <summary>An event as the log holds it, with its sequence number (the handle for <c>DELETE /users/{id}/events/{sequence}</c>).</summary>
public sealed record StoredEventDto(long Sequence, string UserId, string? ItemId, string Type, DateTimeOffset Timestamp, double? Value, string? Text);
