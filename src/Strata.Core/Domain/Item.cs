namespace Strata.Core.Domain;

/// <summary>
/// A catalogue item: what can be recommended. Text feeds the language-model encoder; the category path
/// (broad → narrow, any depth, e.g. <c>["news", "newsus"]</c> or MovieLens genres as one-level paths) seeds the taxonomy.
/// </summary>
/// <param name="Id">External id, unique in the catalogue.</param>
/// <param name="Title">Display title.</param>
/// <param name="Categories">Category path, broadest first. For flat multi-label genres, each genre is an entry and <see cref="CategoriesAreFlat"/> is true.</param>
/// <param name="Tags">Free-form tags attached to the item itself (not user tags, which are events).</param>
/// <param name="Text">Named text fields beyond the title, e.g. <c>description</c>, <c>abstract</c>, <c>brand</c>.</param>
/// <param name="Attributes">Non-text metadata, e.g. <c>url</c>, <c>release_date</c>, <c>imdb_id</c>.</param>
/// <param name="CategoriesAreFlat">True when <paramref name="Categories"/> is a set of labels (genres), not a path.</param>
public sealed record Item(
    string Id,
    string Title,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Tags,
    IReadOnlyDictionary<string, string> Text,
    IReadOnlyDictionary<string, string> Attributes,
    bool CategoriesAreFlat = false)
{
    /// <summary>An item with only an id and a title.</summary>
    public static Item Create(string id, string title) => new(id, title, [], [], Empty, Empty);

    /// <summary>A shared empty dictionary for items without text fields or attributes.</summary>
    public static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    /// <summary>Value equality including the collections' contents (records compare references otherwise).</summary>
    public bool Equals(Item? other) =>
        other is not null && Id == other.Id && Title == other.Title && CategoriesAreFlat == other.CategoriesAreFlat &&
        Categories.SequenceEqual(other.Categories) && Tags.SequenceEqual(other.Tags) &&
        SameEntries(Text, other.Text) && SameEntries(Attributes, other.Attributes);

    public override int GetHashCode() => HashCode.Combine(Id, Title, Categories.Count, Tags.Count);

    private static bool SameEntries(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
