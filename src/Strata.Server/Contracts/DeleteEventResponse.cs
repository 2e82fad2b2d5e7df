namespace Strata.Server.Contracts;

/// <summary>Result of <c>DELETE /users/{id}/events/{sequence}</c>.</summary>
public sealed record DeleteEventResponse(string UserId, long Sequence);
