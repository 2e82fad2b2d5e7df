namespace Strata.Server.Contracts;

/// <summary>A list of items (<c>GET /popular</c>, <c>GET /latest</c>) from the serving model version.</summary>
public sealed record ItemListResponse(long ModelVersion, IReadOnlyList<ListedItem> Items);
