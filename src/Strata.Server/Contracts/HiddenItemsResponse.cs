namespace Strata.Server.Contracts;

/// <summary>Every item the user has hidden, in id order.</summary>
public sealed record HiddenItemsResponse(string UserId, IReadOnlyList<string> ItemIds);
