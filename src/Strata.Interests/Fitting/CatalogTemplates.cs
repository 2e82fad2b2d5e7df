using Strata.Core.Domain;
using Strata.Embeddings.Text;

namespace Strata.Interests.Fitting;

/// <summary>Chooses the encoder text of a catalogue whose dataset name is unknown (a store does not record it).</summary>
public static class CatalogTemplates
{
    /// <summary>
    /// MIND-like items (an <c>abstract</c> field) → the MIND pattern; Amazon-like (<c>description</c> or <c>brand</c>) → the Amazon
    /// pattern; flat genres → the MovieLens pattern; otherwise the general default.
    /// </summary>
    public static ItemTextTemplate Infer(IReadOnlyList<Item> items)
    {
        bool abstracts = false, descriptions = false, flat = false;
        foreach (var item in items)
        {
            abstracts |= item.Text.ContainsKey("abstract");
            descriptions |= item.Text.ContainsKey("description") || item.Text.ContainsKey("brand");
            flat |= item.CategoriesAreFlat && item.Categories.Count > 0;
        }
        return abstracts ? new ItemTextTemplate(ItemTextTemplate.MindPattern)
            : descriptions ? new ItemTextTemplate(ItemTextTemplate.AmazonPattern)
            : flat ? new ItemTextTemplate(ItemTextTemplate.MovieLensPattern)
            : ItemTextTemplate.Default;
    }

    /// <summary>
    /// The same template with <c>{categories}</c> removed (with its separator), so the vectors carry no category information:
    /// what a text-only tree is evaluated on.
    /// </summary>
    public static ItemTextTemplate WithoutCategories(ItemTextTemplate template)
    {
        var pattern = template.Pattern;
        foreach (var variant in (string[])["{categories}. ", ". {categories}", "{categories}"])
            pattern = pattern.Replace(variant, "", StringComparison.OrdinalIgnoreCase);
        return new ItemTextTemplate(pattern);
    }
}
