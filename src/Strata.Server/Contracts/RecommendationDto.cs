namespace Strata.Server.Contracts;

/// <summary>One recommended item with its score and explanation.</summary>
public sealed record RecommendationDto(string ItemId, string Title, float Score, ExplanationDto Explanation);
