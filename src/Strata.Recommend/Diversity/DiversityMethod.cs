namespace Strata.Recommend.Diversity;

/// <summary>How a ranked list is diversified.</summary>
public enum DiversityMethod
{
    /// <summary>Slots allocated across the user's interests (meso groups) in proportion to their strength.</summary>
    Proportional,
    /// <summary>Maximal marginal relevance (Carbonell &amp; Goldstein 1998) over item vectors.</summary>
    Mmr,
}
