namespace Strata.Server.Contracts;

/// <summary>A catalogue item on the wire. <c>text</c> holds named text fields (description, abstract…) that feed the encoder.</summary>
public sealed record ItemDto(
    string? Id,
    string? Title,
    IReadOnlyList<string>? Categories = null,
    IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, string>? Text = null,
    IReadOnlyDictionary<string, string>? Attributes = null,
    bool CategoriesAreFlat = false);
