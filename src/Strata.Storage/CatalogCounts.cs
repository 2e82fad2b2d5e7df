namespace Strata.Storage;

/// <summary>Sizes of the catalogue: items (including stubs created by events on unknown items) and users.</summary>
public readonly record struct CatalogCounts(long Items, long Users);
