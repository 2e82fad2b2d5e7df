namespace Strata.Server.Contracts;

/// <summary>Body of <c>POST /users/{id}/hidden-items</c>: items this user is never shown again.</summary>
public sealed record HideItemsRequest(IReadOnlyList<string>? ItemIds);
