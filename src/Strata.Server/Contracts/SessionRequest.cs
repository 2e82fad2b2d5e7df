namespace Strata.Server.Contracts;

/// <summary>Body of <c>POST /recommendations/session</c>: an anonymous session's events (no user id needed).</summary>
public sealed record SessionRequest(IReadOnlyList<EventDto>? Events, int N = 10, float Diversity = 0.3f, IReadOnlyList<string>? Exclude = null);
