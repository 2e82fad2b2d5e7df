namespace Strata.Recommend.Collaborative;

/// <summary>Options of the item-kNN model.</summary>
public sealed record ItemKnnOptions
{
    /// <summary>Neighbours kept per item (its most similar items).</summary>
    public int Neighbours { get; init; } = 100;

    /// <summary>Shrinkage added to the cosine denominator: damps similarities resting on few co-occurrences.</summary>
    public double Shrinkage { get; init; }
}
