namespace Strata.Server.Contracts;

/// <summary>Body of <c>POST /events</c>: a batch of events, committed together before the response.</summary>
public sealed record PostEventsRequest(IReadOnlyList<EventDto>? Events);
