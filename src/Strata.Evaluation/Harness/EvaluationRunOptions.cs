namespace Strata.Evaluation.Harness;

/// <summary>One <c>strata eval</c> run: what to evaluate, on what, and how.</summary>
public sealed class EvaluationRunOptions
{
    /// <summary>Dataset name (<c>ml-100k</c>, <c>ml-latest-small</c>, <c>ml-1m</c>).</summary>
    public string Dataset { get; init; } = "ml-100k";

    /// <summary>Protocol name (see <see cref="Splits.Protocols.Names"/>).</summary>
    public string Protocol { get; init; } = Splits.Recommenders7525Splitter.Name;

    /// <summary>Model names, in report order.</summary>
    public IReadOnlyList<string> Models { get; init; } = ModelRoster.Names;

    /// <summary>EASE's λ; null tunes it on validation data carved from training.</summary>
    public double? EaseLambda { get; init; }

    /// <summary>List cut-off of the @k metrics.</summary>
    public int K { get; init; } = 10;

    /// <summary>Seed of the generated splits and of the sampling models.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Data root; null resolves it (<c>$STRATA_DATA</c>, else the nearest <c>shared/data</c>).</summary>
    public string? DataRoot { get; init; }

    /// <summary>Sentence model for item vectors (<c>minilm</c>, <c>arctic-xs</c>), or <c>none</c>: no vectors, so no diversity and no content models.</summary>
    public string EmbeddingModel { get; init; } = "minilm";

    /// <summary>Item vectors Strata's model reads: <c>frozen</c> (the encoder's) or <c>tuned</c> (its item tower, trained on the training split).</summary>
    public string TextVectors { get; init; } = Engine.ModelKinds.FrozenVectors;

    /// <summary>SQLite vector cache file, or null for none.</summary>
    public string? VectorCachePath { get; init; }

    /// <summary>Also measure the accuracy–diversity curve of the first model with a diversity knob (Strata's).</summary>
    public bool DiversityCurve { get; init; } = true;

    /// <summary>
    /// Also fit Strata's model once per signal family with that family removed, and report each one's nDCG@k change
    /// against the full model with a paired bootstrap 95 % interval over the test users (needs <c>strata</c> among the models).
    /// </summary>
    public bool Ablate { get; init; }

    /// <summary>Resamples of the ablation's paired bootstrap (seeded with <see cref="Seed"/>).</summary>
    public int BootstrapResamples { get; init; } = 1000;

    /// <summary>Threads that score users in parallel.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;
}
