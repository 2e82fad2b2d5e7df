namespace Strata.Server.Contracts;

/// <summary>Recommendations, best first, each explained. <c>userId</c> is null for session and text queries.</summary>
public sealed record RecommendationsResponse(string? UserId, long ModelVersion, float Diversity, IReadOnlyList<RecommendationDto> Items);
