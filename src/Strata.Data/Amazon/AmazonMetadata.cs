using Strata.Core.Domain;
using Strata.Data.Parsing;

namespace Strata.Data.Amazon;

/// <summary>One product's metadata, cleaned, mergeable with a repeated line for the same asin.</summary>
internal sealed class AmazonMetadata
{
    private AmazonMetadata(string asin) => Asin = asin;

    public string Asin { get; }
    public string? Title { get; private set; }
    public IReadOnlyList<string> Categories { get; private set; } = [];
    public string Description { get; private set; } = "";
    public string Brand { get; private set; } = "";
    public string MainCategory { get; private set; } = "";
    public string Price { get; private set; } = "";

    /// <summary>Reads a meta line: <c>asin</c> (required), <c>title</c>, <c>category</c>, <c>description</c>, <c>brand</c>, <c>main_cat</c>, <c>price</c>.</summary>
    public static AmazonMetadata Read(JsonFields json, StringPool ids, StringPool categories)
    {
        var rawTitle = json.OptionalString("title");
        var description = json.StringList("description").Select(AmazonText.Clean).Where(d => d.Length > 0);
        return new AmazonMetadata(json.Id("asin", ids))
        {
            Title = AmazonText.IsBrokenTitle(rawTitle) ? null : AmazonText.Clean(rawTitle),
            Categories = json.StringList("category").Select(AmazonText.Clean).Where(c => c.Length > 0)
                .Select(categories.Intern).ToArray(),
            Description = string.Join("\n", description),
            Brand = AmazonText.Clean(json.OptionalString("brand")),
            MainCategory = AmazonText.Clean(json.OptionalString("main_cat")),
            Price = AmazonText.Clean(json.OptionalString("price")),
        };
    }

    /// <summary>Fills what this line lacks from a repeated line of the same product (the first non-empty value wins).</summary>
    public void Merge(AmazonMetadata other)
    {
        if (string.IsNullOrEmpty(Title)) Title = other.Title;
        if (Categories.Count == 0) Categories = other.Categories;
        if (Description.Length == 0) Description = other.Description;
        if (Brand.Length == 0) Brand = other.Brand;
        if (MainCategory.Length == 0) MainCategory = other.MainCategory;
        if (Price.Length == 0) Price = other.Price;
    }

    /// <summary>
    /// The item. A broken or missing title is replaced by the description's first sentence (which in this data usually
    /// names the product: "Pizza Today is for any professional…"), else the brand, else the asin; attribute
    /// <c>title_source</c> then says which (<c>description</c>, <c>brand</c>, <c>asin</c>).
    /// </summary>
    public Item ToItem()
    {
        var attributes = new Dictionary<string, string>();
        if (MainCategory.Length > 0) attributes["main_cat"] = MainCategory;
        if (Price.Length > 0) attributes["price"] = Price;
        var title = Title;
        if (string.IsNullOrEmpty(title))
        {
            (title, attributes["title_source"]) =
                Description.Length > 0 ? (AmazonText.FirstSentence(Description), "description")
                : Brand.Length > 0 ? (Brand, "brand")
                : (Asin, "asin");
        }
        var text = new Dictionary<string, string>();
        if (Description.Length > 0) text["description"] = Description;
        if (Brand.Length > 0) text["brand"] = Brand;
        return new Item(Asin, title, Categories, [], text, attributes);
    }

    /// <summary>Stands in for a reviewed product that has no metadata line, so its reviews keep an item to point at.</summary>
    public static Item Placeholder(string asin) =>
        new(asin, asin, [], [], Item.Empty, new Dictionary<string, string> { ["title_source"] = "asin", ["metadata"] = "missing" });
}
