namespace Strata.Interests.Taxonomies;

/// <summary>How the builder uses the items' own category paths (MIND category › subcategory, Amazon paths, genres).</summary>
public enum CategoryUse
{
    /// <summary>Text vectors only: categories are withheld (how the tree's coherence is measured).</summary>
    Ignore,
    /// <summary>
    /// Each item vector is blended with the mean text vector of its category (weight <see cref="TaxonomyOptions.CategoryBlend"/>)
    /// before clustering, pulling items of one category together without forcing them.
    /// </summary>
    Blend,
}
