namespace Strata.Recommend;

/// <summary>One recommended item: its dense index and the model's score.</summary>
public readonly record struct ScoredItem(int Item, float Score);
