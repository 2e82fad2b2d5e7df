using Strata.Recommend.Validation;

namespace Strata.Recommend.Collaborative;

/// <summary>Options of implicit ALS (Hu, Koren &amp; Volinsky 2008) with conjugate-gradient updates (Takács, Pilászy &amp; Tikk 2011).</summary>
public sealed record ImplicitAlsOptions
{
    /// <summary>Latent factors per user and item (f).</summary>
    public int Factors { get; init; } = 64;

    /// <summary>Alternating passes (users, then items).</summary>
    public int Epochs { get; init; } = 15;

    /// <summary>Conjugate-gradient steps per row and pass, warm-started from the previous pass (3 is implicit's default).</summary>
    public int ConjugateGradientSteps { get; init; } = 3;

    /// <summary>L2 regularisation λ; null chooses (λ, α) from the candidates on a validation split carved from training data.</summary>
    public double? Regularization { get; init; }

    /// <summary>Confidence of an observed pair: c = 1 + α (unobserved pairs weigh 1 with target 0). Used when <see cref="Regularization"/> is given.</summary>
    public double Alpha { get; init; } = 8;

    /// <summary>(λ, α) pairs tried when <see cref="Regularization"/> is null.</summary>
    public IReadOnlyList<(double Regularization, double Alpha)> Candidates { get; init; } =
        [(1, 2), (1, 8), (1, 32), (10, 2), (10, 8), (10, 32), (100, 8), (100, 32)];

    /// <summary>Above this many (user, item) pairs the candidates are not tried (each try is a full fit): the first candidate is used.</summary>
    public long TuneBelowInteractions { get; init; } = 3_000_000;

    /// <summary>Seed of the initial item factors; the fit is deterministic for a seed whatever the thread count.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Threads updating rows in parallel.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Memory a fit may take (factors, interaction matrix, scratch); a larger fit fails before it starts. 0 = no limit.</summary>
    public long MemoryBudgetBytes { get; init; } = 8L << 30;

    /// <summary>How the validation split for tuning is carved.</summary>
    public ValidationOptions Validation { get; init; } = new();
}
