namespace Strata.Evaluation.Splits;

/// <summary>The protocols <c>strata eval --protocol</c> accepts, by name.</summary>
public static class Protocols
{
    public static IReadOnlyList<string> Names { get; } =
        [Recommenders7525Splitter.Name, LeaveLastOutSplitter.Name, TemporalSplitter.Name, ColdUsersSplitter.Name, ColdItemsSplitter.Name, RandomHoldoutSplitter.Name];

    /// <param name="name">Protocol name.</param>
    /// <param name="seed">Seed of the hash-sampled protocols.</param>
    /// <param name="settings">The temporal cut (null: <see cref="EvaluationSettings"/>' defaults).</param>
    /// <exception cref="EvaluationException">Unknown protocol.</exception>
    public static ISplitter Create(string name, int seed = 42, EvaluationSettings? settings = null)
    {
        settings ??= new EvaluationSettings();
        return name.Trim().ToLowerInvariant() switch
        {
            Recommenders7525Splitter.Name => new Recommenders7525Splitter(),
            LeaveLastOutSplitter.Name => new LeaveLastOutSplitter(),
            TemporalSplitter.Name => new TemporalSplitter { Cut = settings.TemporalCut, TestFraction = settings.TemporalTestFraction },
            ColdUsersSplitter.Name => new ColdUsersSplitter { Seed = seed },
            ColdItemsSplitter.Name => new ColdItemsSplitter { Seed = seed },
            RandomHoldoutSplitter.Name => new RandomHoldoutSplitter { Seed = seed },
            _ => throw new EvaluationException($"unknown protocol '{name}' (expected one of: {string.Join(", ", Names)})"),
        };
    }
}
