namespace Strata.Server.Contracts;

/// <summary>An item as stored, with its place in the current interest tree (null while no model is serving) and whether it is hidden from every list.</summary>
public sealed record ItemResponse(ItemDto Item, ItemPlacement? Placement, bool Hidden = false);
