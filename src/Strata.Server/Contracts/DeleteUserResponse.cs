namespace Strata.Server.Contracts;

/// <summary>Result of <c>DELETE /users/{id}</c>.</summary>
public sealed record DeleteUserResponse(string UserId, long EventsDeleted);
