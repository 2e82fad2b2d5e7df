namespace Strata.Server.Contracts;

/// <summary>Strength of the user's top macro interests, sampled at <c>times</c> across their history.</summary>
public sealed record TrendDto(IReadOnlyList<DateTimeOffset> Times, IReadOnlyList<TrendSeriesDto> Series);
