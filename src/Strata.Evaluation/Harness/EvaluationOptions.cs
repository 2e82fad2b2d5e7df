namespace Strata.Evaluation.Harness;

/// <summary>How the harness ranks and measures.</summary>
public sealed class EvaluationOptions
{
    /// <summary>List length of the top-k metrics.</summary>
    public int K { get; init; } = 10;

    /// <summary>Threads that score users in parallel (results do not depend on it).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Time each user's recommendation in a second, sequential pass (the p50/p99 columns); false leaves them NaN.</summary>
    public bool MeasureLatency { get; init; } = true;
}
