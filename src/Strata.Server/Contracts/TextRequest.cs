namespace Strata.Server.Contracts;

/// <summary>Body of <c>POST /recommendations/text</c>: a sentence describing what someone likes (cold start).</summary>
public sealed record TextRequest(string? Text, int N = 10, float Diversity = 0.3f, IReadOnlyList<string>? Exclude = null);
