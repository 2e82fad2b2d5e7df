namespace Strata.Recommend.Collaborative;

/// <summary>Options of BPR matrix factorisation (Rendle et al. 2009) trained by SGD.</summary>
public sealed record BprOptions
{
    public int Factors { get; init; } = 64;
    public int Epochs { get; init; } = 100;
    public float LearningRate { get; init; } = 0.05f;
    public float Regularization { get; init; } = 0.02f;

    /// <summary>Standard deviation of the initial factors.</summary>
    public float InitialScale { get; init; } = 0.1f;

    /// <summary>SGD threads (Hogwild: lock-free shared factors). With 1 thread a seed gives bit-identical models.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    public int Seed { get; init; } = 42;
}
