namespace Strata.Server.Contracts;

/// <summary>Items nearest to one item by text-embedding cosine similarity.</summary>
public sealed record SimilarItemsResponse(string ItemId, long ModelVersion, IReadOnlyList<SimilarItem> Items);
