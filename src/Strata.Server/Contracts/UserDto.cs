namespace Strata.Server.Contracts;

/// <summary>A user on the wire: id and attributes (country, segment…).</summary>
public sealed record UserDto(string? Id, IReadOnlyDictionary<string, string>? Attributes = null);
