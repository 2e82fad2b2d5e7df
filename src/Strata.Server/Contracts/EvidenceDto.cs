namespace Strata.Server.Contracts;

/// <summary>One of the user's events behind an explanation.</summary>
public sealed record EvidenceDto(string ItemId, string Title, string Type, DateTimeOffset Time, float Weight);
