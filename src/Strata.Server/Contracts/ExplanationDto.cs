namespace Strata.Server.Contracts;

/// <summary>
/// Why an item was recommended: the interest path it serves (macro › meso labels), a one-line reason, and the user's
/// own events that carry that interest (empty for text queries).
/// </summary>
public sealed record ExplanationDto(string? Macro, string? Meso, string Reason, IReadOnlyList<EvidenceDto> Because);
