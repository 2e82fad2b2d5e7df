namespace Strata.Server.Contracts;

/// <summary>
/// A user's interest tree: macro nodes with their meso children and the items under them, each with its decayed strength
/// <c>s_u(h)</c>, level probability <c>P_u(h | level)</c> and trend; plus the strength of the top macro interests over time.
/// </summary>
public sealed record InterestsResponse(string UserId, long ModelVersion, int Events, DateTimeOffset AsOf, IReadOnlyList<MacroInterestDto> Macro, TrendDto Trend);
