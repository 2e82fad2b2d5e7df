namespace Strata.Server.Contracts;

/// <summary>An item similar to another: id, title and cosine similarity.</summary>
public sealed record SimilarItem(string ItemId, string Title, float Score);
