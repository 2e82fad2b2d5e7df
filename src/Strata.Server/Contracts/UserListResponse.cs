namespace Strata.Server.Contracts;

/// <summary>Some known user ids (for the dashboard's picker); empty when ids are pseudonymised at rest.</summary>
public sealed record UserListResponse(IReadOnlyList<string> Users);
