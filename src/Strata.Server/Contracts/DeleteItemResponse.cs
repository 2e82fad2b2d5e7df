namespace Strata.Server.Contracts;

/// <summary>Result of <c>DELETE /items/{id}</c>: the item is gone with every event on it.</summary>
public sealed record DeleteItemResponse(string ItemId, long EventsDeleted);
