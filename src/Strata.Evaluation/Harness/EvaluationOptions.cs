namespace Strata.Evaluation.Harness;

/// <summary>How the harness ranks and measures.</summary>
public sealed class EvaluationOptions
{
    /// <summary>List length of the top-k metrics.</summary>
    public int K { get; init; } = 10;

    /// <summary>Threads that score users in parallel (results do not depend on it).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
