namespace Strata.Recommend.Engine;

/// <summary>One of the user's own events behind a recommendation, in external ids.</summary>
public sealed record RecommendationReason(string ItemId, string Title, string EventType, DateTimeOffset Timestamp, float Contribution, bool SameInterest);
