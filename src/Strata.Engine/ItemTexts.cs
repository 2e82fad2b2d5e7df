using Strata.Core.Domain;
using Strata.Embeddings.Text;
using Strata.Interests.Fitting;

namespace Strata.Engine;

/// <summary>The one item-text policy: the configured pattern (<see cref="EngineOptions.ItemText"/>), else the one the catalogue's fields call for.</summary>
public static class ItemTexts
{
    public static ItemTextTemplate For(EngineOptions options, IReadOnlyList<Item> catalog) =>
        options.ItemText is { } pattern ? new ItemTextTemplate(pattern) : CatalogTemplates.Infer(catalog);
}
