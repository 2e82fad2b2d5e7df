namespace Strata.Evaluation.Harness;

/// <summary>Settings <c>strata eval</c> passes to the models it builds.</summary>
public sealed class ModelRosterOptions
{
    /// <summary>EASE's λ; null tunes it on validation data carved from training.</summary>
    public double? EaseLambda { get; init; }

    /// <summary>How models that tune on data carved from training carve it: the shape of the protocol's test, never its data.</summary>
    public Recommend.Validation.ValidationOptions Validation { get; init; } = new();

    /// <summary>Item vectors Strata's model reads: <c>auto</c>, <c>frozen</c> or <c>tuned</c> (its item tower; <c>Strata:Model:TextVectors</c>).</summary>
    public string TextVectors { get; init; } = Engine.ModelKinds.AutoVectors;

    /// <summary>Seed of the models that sample (BPR, the learned ranker).</summary>
    public int Seed { get; init; } = 42;
}
