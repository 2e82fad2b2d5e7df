namespace Strata.Server.Contracts;

/// <summary>Body of <c>PUT /items</c>: items inserted or replaced by id.</summary>
public sealed record PutItemsRequest(IReadOnlyList<ItemDto>? Items);
