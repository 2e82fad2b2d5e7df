namespace Strata.Server.Contracts;

/// <summary>
/// One user event on the wire. <c>type</c> is a wire name (view, click, search, rating, purchase, add_to_cart, tag,
/// impression, dislike); <c>timestamp</c> defaults to the time of arrival; <c>idempotencyKey</c> makes re-sends harmless.
/// </summary>
public sealed record EventDto(
    string? UserId,
    string? ItemId,
    string? Type,
    DateTimeOffset? Timestamp = null,
    double? Value = null,
    string? Text = null,
    string? IdempotencyKey = null);
