using System.ComponentModel.DataAnnotations;
using Strata.Recommend.Collaborative;

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
    /// Which item vectors Strata's model reads: <c>frozen</c> (the sentence encoder's), <c>tuned</c> (its item tower,
    /// trained on the training events over the frozen vectors; see <see cref="Recommend.Content.ItemTower"/>) or
    /// <c>auto</c>, the default (see <see cref="ModelKinds.AutoVectors"/>).
    /// </summary>
    public string TextVectors { get; set; } = ModelKinds.AutoVectors;

    /// <summary>
    /// Catalogue size above which Strata's model gives up dense EDLAE and BPR (n² memory, n³ time) for implicit ALS and
    /// item-kNN, whose cost grows with the events. 0 always takes the scalable models; the <c>ease</c>/<c>edlae</c> kinds,
    /// chosen by name, stay dense (within <see cref="MemoryBudget"/>).
    /// </summary>
    [Range(0, int.MaxValue)]
    public int DenseItemLimit { get; set; } = 15_000;

    /// <summary>
    /// Catalogue size from which Strata's model stops scoring every item for a request: each signal proposes its
    /// candidates through a nearest-neighbour index or neighbour lists and scores only the candidates, so a request costs
    /// what the history and the candidates cost, not what the catalogue costs. Takes effect when every signal can (the
    /// scalable signals above <see cref="DenseItemLimit"/>); 0 always asks this way when they can.
    /// </summary>
    [Range(0, int.MaxValue)]
    public int IndexedCandidatesFrom { get; set; } = 100_000;

    /// <summary>
    /// Memory a fit may hold, as a size (<c>12GB</c>, <c>800MB</c>; binary units). A fit whose estimate is larger stops before
    /// it starts and says which setting to change; Strata's model first gives up dense EDLAE. Unset: 80 % of the memory
    /// available to the process (the machine's, or the container's limit).
    /// </summary>
    public string? MemoryBudget { get; set; }

    /// <summary><see cref="MemoryBudget"/> in bytes.</summary>
    /// <exception cref="EngineOptionsException">Not a size.</exception>
    public long MemoryBudgetBytes() => MemoryBudget is { } text
        ? ByteSize.TryParse(text, out var bytes) && bytes > 0 ? bytes
            : throw new EngineOptionsException($"{EngineOptions.Section}:Model:MemoryBudget is '{text}'; expected a size such as 12GB or 800MB.")
        : (long)(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes * 0.8);

    /// <summary>
    /// Let Strata's model also try boosted trees (LightGBM's LambdaMART) as the ranker of each history bucket; they are kept
    /// only where cross-validation says they beat the linear ranker and the prior by more than the noise. Off by default:
    /// on ml-100k they were never kept, and they add about a quarter to the fit.
    /// </summary>
    public bool BoostedRanker { get; set; }

    /// <summary>
    /// How far back the <c>trend</c> kind looks: it ranks items by the users who first met them within this span before the
    /// user's latest event (a day suits news, weeks suit films). Only events before that time count.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "36500.00:00:00")]
    public TimeSpan TrendWindow { get; set; } = new TrendingOptions().Window;

    /// <summary>Seed of every randomised fit (BPR, validation carves).</summary>
    public int Seed { get; set; } = 42;
}
