namespace Strata.Server.Contracts;

/// <summary>One interest's strength at each trend time; <c>colorIndex</c> matches its position in the sunburst.</summary>
public sealed record TrendSeriesDto(int Id, string Label, int ColorIndex, IReadOnlyList<float> Values);
