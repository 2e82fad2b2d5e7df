namespace Strata.Server.Contracts;

/// <summary>Acknowledgement of <c>POST /events</c>: every event is durable (accepted now or already stored under its idempotency key).</summary>
public sealed record PostEventsResponse(int Accepted, int Duplicates, long LastSequence);
