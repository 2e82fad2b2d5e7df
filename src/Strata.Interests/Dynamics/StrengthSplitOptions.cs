namespace Strata.Interests.Dynamics;

/// <summary>
/// The temporal split of <see cref="StrengthEvaluation"/>: features at the time quantile <see cref="TrainCutoff"/> predict engagement
/// up to <see cref="TestCutoff"/> (training); features at <see cref="TestCutoff"/> predict engagement to the end of the log (test).
/// </summary>
public sealed class StrengthSplitOptions
{
    /// <summary>Quantile of event times where training features are taken.</summary>
    public double TrainCutoff { get; set; } = 0.7;

    /// <summary>Quantile of event times where test features are taken (also the end of the training label window).</summary>
    public double TestCutoff { get; set; } = 0.85;

    /// <summary>L2 penalty of the logistic regression (per example, on standardised features).</summary>
    public double L2 { get; set; } = 1e-3;

    /// <summary>
    /// Most examples (user × node rows) per side of the split: above it, a seeded sample of the period's active users.
    /// Every node of a user is an example, so without a cap 500,000 users of a large taxonomy ask for tens of gigabytes;
    /// a logistic regression over a handful of features learns the same from two million rows.
    /// </summary>
    public int MaxExamples { get; set; } = 2_000_000;

    /// <summary>Seed of that sample.</summary>
    public int Seed { get; set; } = 42;
}
