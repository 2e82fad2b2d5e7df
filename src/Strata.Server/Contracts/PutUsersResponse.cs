namespace Strata.Server.Contracts;

/// <summary>Result of <c>PUT /users</c>.</summary>
public sealed record PutUsersResponse(int Upserted);
