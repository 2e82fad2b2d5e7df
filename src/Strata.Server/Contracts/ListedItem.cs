namespace Strata.Server.Contracts;

/// <summary>An item in a popular or latest list: its positive events (views, clicks, purchases, good ratings) so far.</summary>
public sealed record ListedItem(string ItemId, string Title, IReadOnlyList<string> Categories, int Events);
