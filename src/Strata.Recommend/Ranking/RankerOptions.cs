namespace Strata.Recommend.Ranking;

/// <summary>Options of the LambdaRank-trained linear ranker.</summary>
public sealed record RankerOptions
{
    public int Epochs { get; init; } = 40;
    public float LearningRate { get; init; } = 0.002f;

    /// <summary>L2 pull toward the prior weights (standardised units).</summary>
    public float Regularization { get; init; } = 1e-3f;

    public int Seed { get; init; } = 7;
}
