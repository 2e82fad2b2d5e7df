namespace Strata.Server.Contracts;

/// <summary>A page of users in id order (empty when ids are pseudonymised at rest); <c>nextCursor</c> fetches the next page (null on the last).</summary>
public sealed record UserListResponse(IReadOnlyList<UserDto> Users, string? NextCursor);
