namespace Strata.Server.Contracts;

/// <summary>A page of events in log order; <c>nextCursor</c> fetches the next page (null on the last).</summary>
public sealed record EventPageResponse(IReadOnlyList<StoredEventDto> Events, string? NextCursor);
