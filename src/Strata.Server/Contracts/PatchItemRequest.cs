namespace Strata.Server.Contracts;

/// <summary>Body of <c>PATCH /items/{id}</c>: only the fields sent change; <c>hidden</c> keeps the item out of every list while it keeps its events.</summary>
public sealed record PatchItemRequest(
    string? Title = null,
    IReadOnlyList<string>? Categories = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, string>? Text = null,
    IReadOnlyDictionary<string, string>? Attributes = null,
    bool? CategoriesAreFlat = null,
    bool? Hidden = null);
