namespace Strata.Evaluation.Splits;

/// <summary>The protocols <c>strata eval --protocol</c> accepts, by name.</summary>
public static class Protocols
{
    public static IReadOnlyList<string> Names { get; } =
        [Recommenders7525Splitter.Name, LeaveLastOutSplitter.Name, ColdUsersSplitter.Name, ColdItemsSplitter.Name, RandomHoldoutSplitter.Name];

    /// <exception cref="EvaluationException">Unknown protocol.</exception>
    public static ISplitter Create(string name, int seed = 42) => name.Trim().ToLowerInvariant() switch
    {
        Recommenders7525Splitter.Name => new Recommenders7525Splitter(),
        LeaveLastOutSplitter.Name => new LeaveLastOutSplitter(),
        ColdUsersSplitter.Name => new ColdUsersSplitter { Seed = seed },
        ColdItemsSplitter.Name => new ColdItemsSplitter { Seed = seed },
        RandomHoldoutSplitter.Name => new RandomHoldoutSplitter { Seed = seed },
        _ => throw new EvaluationException($"unknown protocol '{name}' (expected one of: {string.Join(", ", Names)})"),
    };
}
