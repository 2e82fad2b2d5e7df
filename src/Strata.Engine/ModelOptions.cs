using System.ComponentModel.DataAnnotations;

namespace Strata.Engine;

/// <summary>Which recommender the engine fits (<c>Strata:Model</c>) and the settings every kind shares.</summary>
public sealed class ModelOptions
{
    /// <summary>One of <see cref="ModelKinds.Names"/>: <c>strata</c> (the full model, default) or a baseline.</summary>
    [Required]
    public string Kind { get; set; } = ModelKinds.Strata;

    /// <summary>
    /// Ridge strength λ of EASE/EDLAE (Strata's EDLAE signal and the <c>ease</c>/<c>edlae</c> kinds). Null: tuned on a
    /// validation split carved from the training events (costs one solve per candidate).
    /// </summary>
    [Range(1e-6, 1e9)]
    public double? EaseLambda { get; set; }

    /// <summary>
    /// Which item vectors Strata's model reads: <c>frozen</c> (the sentence encoder's) or <c>tuned</c> (its item tower,
    /// trained on the training events over the frozen vectors; see <see cref="Recommend.Content.ItemTower"/>).
    /// </summary>
    public string TextVectors { get; set; } = ModelKinds.FrozenVectors;

    /// <summary>Seed of every randomised fit (BPR, validation carves).</summary>
    public int Seed { get; set; } = 42;
}
