using Strata.Core.Domain;

namespace Strata.Storage;

/// <summary>An item as the catalogue lists it: the item and whether it is hidden from recommendations.</summary>
public sealed record CatalogItem(Item Item, bool Hidden);
