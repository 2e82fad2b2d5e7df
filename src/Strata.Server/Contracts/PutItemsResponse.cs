namespace Strata.Server.Contracts;

/// <summary>Result of <c>PUT /items</c>: how many items were stored and where each was placed in the interest tree.</summary>
public sealed record PutItemsResponse(int Upserted, IReadOnlyList<ItemPlacement> Placements);
