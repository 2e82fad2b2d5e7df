namespace Strata.Interests.Taxonomies;

/// <summary>Where an item sits in the tree: its macro node id and its meso node id (both dense node ids).</summary>
public readonly record struct TaxonomyPath(int Macro, int Meso);
