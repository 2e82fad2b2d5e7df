namespace Strata.Server.Contracts;

/// <summary>A meso interest inside a macro one, with the user's items under it (strongest first).</summary>
public sealed record MesoInterestDto(int Id, string Label, float Strength, float Probability, float Trend, string Direction, IReadOnlyList<ItemInterestDto> Items);
