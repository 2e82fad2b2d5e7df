namespace Strata.Evaluation.Harness;

/// <summary>One <c>strata eval</c> run: what to evaluate, on what, and how.</summary>
public sealed class EvaluationRunOptions
{
    /// <summary>Built-in dataset name (<c>ml-100k</c>, <c>ml-latest-small</c>, <c>ml-1m</c>); used when neither <see cref="Store"/> nor <see cref="Format"/> is set.</summary>
    public string Dataset { get; init; } = "ml-100k";

    /// <summary>A store to evaluate (SQLite file or PostgreSQL location, as <c>--db</c> takes it), or null.</summary>
    public string? Store { get; init; }

    /// <summary>An import format (<see cref="Data.DatasetReaders.Formats"/>) to read <see cref="Path"/> with, or null.</summary>
    public string? Format { get; init; }

    /// <summary>The folder read with <see cref="Format"/>.</summary>
    public string? Path { get; init; }

    /// <summary>Protocol name (see <see cref="Splits.Protocols.Names"/>).</summary>
    public string Protocol { get; init; } = Splits.Recommenders7525Splitter.Name;

    /// <summary>The temporal cut and the relevant event types (<c>Strata:Evaluation</c>).</summary>
    public EvaluationSettings Settings { get; init; } = new();

    /// <summary>Model names, in report order.</summary>
    public IReadOnlyList<string> Models { get; init; } = ModelRoster.Names;

    /// <summary>EASE's λ; null tunes it on validation data carved from training.</summary>
    public double? EaseLambda { get; init; }

    /// <summary>List cut-off of the @k metrics.</summary>
    public int K { get; init; } = 10;

    /// <summary>Seed of the generated splits, of the sampling models and of the bootstrap.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Bootstrap resamples of a <c>--compare</c> run.</summary>
    public int Resamples { get; init; } = Comparison.PairedBootstrap.DefaultResamples;

    /// <summary>Data root; null resolves it (<c>$STRATA_DATA</c>, else the nearest <c>shared/data</c>).</summary>
    public string? DataRoot { get; init; }

    /// <summary>Sentence model for item vectors (<c>minilm</c>, <c>arctic-xs</c>), or <c>none</c>: no vectors, so no diversity and no content models.</summary>
    public string EmbeddingModel { get; init; } = "minilm";

    /// <summary>Item vectors Strata's model reads: <c>auto</c> (the default), <c>frozen</c> (the encoder's) or <c>tuned</c> (its item tower, trained on the training split).</summary>
    public string TextVectors { get; init; } = Engine.ModelKinds.AutoVectors;

    /// <summary>SQLite vector cache file, or null for none.</summary>
    public string? VectorCachePath { get; init; }

    /// <summary>Also measure the accuracy–diversity curve of the first model with a diversity knob (Strata's).</summary>
    public bool DiversityCurve { get; init; } = true;

    /// <summary>
    /// Also fit Strata's model once per signal family with that family removed, and report each one's nDCG@k change
    /// against the full model with a paired bootstrap 95 % interval over the test users (needs <c>strata</c> among the models).
    /// </summary>
    public bool Ablate { get; init; }


    /// <summary>Threads that score users in parallel.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>True when <see cref="EmbeddingModel"/> is <c>none</c>.</summary>
    public bool WithoutVectors => string.Equals(EmbeddingModel, "none", StringComparison.OrdinalIgnoreCase);
}
