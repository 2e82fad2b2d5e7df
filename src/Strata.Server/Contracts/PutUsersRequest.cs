namespace Strata.Server.Contracts;

/// <summary>Body of <c>PUT /users</c>: users inserted, or their attributes replaced, by id.</summary>
public sealed record PutUsersRequest(IReadOnlyList<UserDto>? Users);
