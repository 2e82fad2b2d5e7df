namespace Strata.Evaluation.Harness;

/// <summary>Settings <c>strata eval</c> passes to the models it builds.</summary>
public sealed class ModelRosterOptions
{
    /// <summary>EASE's λ; null tunes it on validation data carved from training.</summary>
    public double? EaseLambda { get; init; }

    /// <summary>Seed of the models that sample (BPR, the learned ranker).</summary>
    public int Seed { get; init; } = 42;
}
