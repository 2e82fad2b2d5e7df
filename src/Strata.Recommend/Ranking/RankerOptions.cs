namespace Strata.Recommend.Ranking;

/// <summary>Options of the linear ranker's training (LambdaRank, then coordinate ascent on nDCG).</summary>
public sealed record RankerOptions
{
    public int Epochs { get; init; } = 10;
    public float LearningRate { get; init; } = 0.05f;

    /// <summary>L2 pull toward the prior weights (standardised units).</summary>
    public float Regularization { get; init; } = 1e-3f;

    /// <summary>nDCG is truncated at this rank (the list length that is evaluated): pairs wholly below it carry no gradient.</summary>
    public int TruncationRank { get; init; } = 10;

    /// <summary>Length of the prior weight vector in standardised units (the score scale learning starts from).</summary>
    public float PriorNorm { get; init; } = 5f;

    /// <summary>Rounds of coordinate ascent on nDCG@<see cref="TruncationRank"/> after LambdaRank (0: LambdaRank only).</summary>
    public int AscentRounds { get; init; } = 4;

    public int Seed { get; init; } = 7;
}
