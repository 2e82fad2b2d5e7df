namespace Strata.Server.Contracts;

/// <summary>An item as stored, with its place in the current interest tree (null while no model is serving).</summary>
public sealed record ItemResponse(ItemDto Item, ItemPlacement? Placement);
