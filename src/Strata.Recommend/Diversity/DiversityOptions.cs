namespace Strata.Recommend.Diversity;

/// <summary>The accuracy–diversity knob.</summary>
public sealed record DiversityOptions
{
    /// <summary>0 = pure score order; 1 = strict proportional allocation (or, for MMR, similarity weighs as much as relevance).</summary>
    public double Strength { get; init; }

    public DiversityMethod Method { get; init; } = DiversityMethod.Proportional;

    /// <summary>Ranked candidates considered per slot (the list is re-ordered from this many).</summary>
    public int PoolFactor { get; init; } = 5;
}
