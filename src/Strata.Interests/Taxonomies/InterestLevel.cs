namespace Strata.Interests.Taxonomies;

/// <summary>The three levels of the interest tree: broad themes, topics inside a theme, and the items themselves.</summary>
public enum InterestLevel : byte
{
    /// <summary>Broad themes (≈ 8–24 nodes), the roots of the tree.</summary>
    Macro = 0,
    /// <summary>Topics inside one macro theme (≈ 4–12 per macro).</summary>
    Meso = 1,
    /// <summary>The items (leaves); a user's micro interests are the items themselves.</summary>
    Micro = 2,
}
