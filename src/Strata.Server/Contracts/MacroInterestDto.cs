namespace Strata.Server.Contracts;

/// <summary>A macro interest. <c>trend</c> = short-horizon share − long-horizon share; <c>direction</c> is stable, emerging or fading.</summary>
public sealed record MacroInterestDto(int Id, string Label, float Strength, float Probability, float Trend, string Direction, IReadOnlyList<MesoInterestDto> Meso);
