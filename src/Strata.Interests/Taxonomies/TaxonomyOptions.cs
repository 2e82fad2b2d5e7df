using Microsoft.Extensions.AI;

namespace Strata.Interests.Taxonomies;

/// <summary>Settings of <see cref="TaxonomyBuilder"/>. Defaults suit catalogues of 10³–10⁵ items.</summary>
public sealed class TaxonomyOptions
{
    /// <summary>Seed of k-means++ seeding; the same data and seed give the same tree.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Fixed number of macro nodes, or null to choose it by silhouette between <see cref="MinMacroNodes"/> and <see cref="MaxMacroNodes"/>.</summary>
    public int? MacroNodes { get; set; }

    public int MinMacroNodes { get; set; } = 8;
    public int MaxMacroNodes { get; set; } = 24;

    /// <summary>How macro nodes are formed (meso nodes are always k-means inside their macro).</summary>
    public MacroClustering MacroMethod { get; set; } = MacroClustering.Agglomerative;

    /// <summary>
    /// Fine clusters merged by <see cref="MacroClustering.Agglomerative"/>: ≈ 1.2·√items, at least 2 × <see cref="MaxMacroNodes"/>
    /// and at most this many.
    /// </summary>
    public int MaxFineClusters { get; set; } = 150;

    /// <summary>Size balance bound of <see cref="MacroClustering.Agglomerative"/>: a cut is admissible only if no macro node holds more than this share of the items.</summary>
    public double MaxMacroShare { get; set; } = 0.35;

    /// <summary>Bounds of the meso count per macro; the count is chosen by silhouette inside these bounds (and never above members / <see cref="MinMesoSize"/>).</summary>
    public int MinMesoPerMacro { get; set; } = 4;
    public int MaxMesoPerMacro { get; set; } = 12;

    /// <summary>Smallest meso node worth having: a macro with fewer than 2 × this many items gets a single meso node.</summary>
    public int MinMesoSize { get; set; } = 3;

    /// <summary>Lloyd iterations per k-means run (stops earlier when no assignment changes).</summary>
    public int MaxIterations { get; set; } = 40;

    /// <summary>
    /// Clusterings over at least this many rows use mini-batch k-means (<see cref="MiniBatchSize"/> rows per step,
    /// <see cref="MiniBatchIterations"/> steps, one final assignment pass) instead of full Lloyd iterations, so 10⁶ vectors
    /// cluster in minutes with memory bounded by the vectors themselves. Below it, results are unchanged.
    /// </summary>
    public int MiniBatchAbove { get; set; } = 50_000;

    /// <summary>Rows per mini-batch step.</summary>
    public int MiniBatchSize { get; set; } = 4_096;

    /// <summary>Mini-batch steps per clustering.</summary>
    public int MiniBatchIterations { get; set; } = 150;

    /// <summary>Items sampled to choose k: k-means runs on the sample for each candidate k and its silhouette is scored there (quadratic in the sample).</summary>
    public int SilhouetteSample { get; set; } = 1000;

    /// <summary>Step between the candidate k values tried (the bounds are always tried).</summary>
    public int KStep { get; set; } = 2;

    /// <summary>Seeded k-means runs with the chosen k; the one with the best objective is kept (k-means++ still lands in local optima).</summary>
    public int Restarts { get; set; } = 2;

    /// <summary>Whether and how category paths shape the tree.</summary>
    public CategoryUse Categories { get; set; } = CategoryUse.Ignore;

    /// <summary>With <see cref="CategoryUse.Blend"/>: weight of the category mean in the blended vector (0 = text only, 1 = category only).</summary>
    public float CategoryBlend { get; set; } = 0.5f;

    /// <summary>Terms kept per node (evidence values, then distinctive words); the label joins at most <see cref="LabelTerms"/> of them.</summary>
    public int TermsPerNode { get; set; } = 8;
    public int LabelTerms { get; set; } = 3;

    /// <summary>Smallest share of a node's items that must carry a word for it to lead a word label.</summary>
    public float MinLabelShare { get; set; } = 0.1f;

    /// <summary>Smallest share of a node's items that must carry a category or tag for it to name the node.</summary>
    public float MinEvidenceShare { get; set; } = 0.3f;

    /// <summary>Smallest lift (share in the node ÷ share in the catalogue) for a category or tag to name the node: it must set the node apart.</summary>
    public float MinEvidenceLift { get; set; } = 1.5f;

    /// <summary>Optional chat model that names nodes from their terms and sample titles. Off (null) by default: labels stay c-TF-IDF terms.</summary>
    public IChatClient? Namer { get; set; }
}
