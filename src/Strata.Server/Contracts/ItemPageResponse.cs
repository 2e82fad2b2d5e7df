namespace Strata.Server.Contracts;

/// <summary>A page of the catalogue in id order; <c>nextCursor</c> fetches the next page (null on the last).</summary>
public sealed record ItemPageResponse(IReadOnlyList<ItemResponse> Items, string? NextCursor);
