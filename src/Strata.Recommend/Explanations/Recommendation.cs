namespace Strata.Recommend.Explanations;

/// <summary>One recommended item as every API returns it: dense item index, score and its explanation.</summary>
public sealed record Recommendation(int Item, float Score, Explanation Explanation);
