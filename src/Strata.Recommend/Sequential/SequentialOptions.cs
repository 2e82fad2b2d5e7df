namespace Strata.Recommend.Sequential;

/// <summary>
/// Options of the sequential interest model (<see cref="SequentialTrainer"/>): a single causal self-attention block over
/// the user's last <see cref="Window"/> items, trained with a sampled-softmax next-item objective.
/// </summary>
public sealed record SequentialOptions
{
    /// <summary>Width d of the item embeddings and of the next-interest vector.</summary>
    public int Dimensions { get; init; } = 64;

    /// <summary>Most recent distinct items the attention reads (L); the query cost is O(L·d + d²), whatever the history length.</summary>
    public int Window { get; init; } = 50;

    /// <summary>Passes over every (prefix, next item) example of the training sequences.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>
    /// Examples the training visits at most, over all epochs: fewer epochs (at least one) when the events are many, so the
    /// cost stops growing with them past this. Every MovieLens set keeps its 20 epochs (ml-1m: 20 × 994,169 examples);
    /// 10⁷ events get two.
    /// </summary>
    public long MaxExampleVisits { get; init; } = 20_000_000;

    /// <summary>
    /// Slices of each batch whose gradients are computed in parallel and summed in order. A fixed count, not the machine's
    /// cores, so a seed trains the same model everywhere; each slice holds its own items × d gradient.
    /// </summary>
    public int Shards { get; init; } = 2;

    /// <summary>Examples per Adam step.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Negatives drawn uniformly per batch and shared by its examples (the sampled softmax's other classes).</summary>
    public int Negatives { get; init; } = 256;

    public float LearningRate { get; init; } = 0.002f;

    /// <summary>Decoupled weight decay (AdamW) per step, relative to the learning rate.</summary>
    public float WeightDecay { get; init; } = 0.01f;

    /// <summary>Ridge strength of the map from text vectors to embeddings that places items without training events.</summary>
    public float TextRidge { get; init; } = 1f;

    /// <summary>Norm of the initial embeddings (a seeded random projection of each item's text vector).</summary>
    public float InitialNorm { get; init; } = 0.5f;

    public int Seed { get; init; } = 42;
}
