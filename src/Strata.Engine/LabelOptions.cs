using Strata.Interests.Taxonomies;

namespace Strata.Engine;

/// <summary>How taxonomy nodes are named (<c>Strata:Labels</c>).</summary>
public sealed class LabelOptions
{
    public ChatLabelOptions Chat { get; set; } = new();
}
