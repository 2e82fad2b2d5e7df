using Strata.Interests.Taxonomies;
using Strata.Interests.Tests.Support;

namespace Strata.Interests.Tests.Taxonomies;

/// <summary>The tree built with mini-batch k-means everywhere (as catalogues above <see cref="TaxonomyOptions.MiniBatchAbove"/> are).</summary>
public sealed class MiniBatchTaxonomyTests
{
    private static readonly SyntheticCatalog Catalog = SyntheticCatalog.Instance;

    private static TaxonomyOptions MiniBatch()
    {
        var options = SyntheticCatalog.Options();
        options.MiniBatchAbove = 0;
        options.MiniBatchSize = 256;
        options.MiniBatchIterations = 60;
        return options;
    }

    private static Taxonomy Build(TaxonomyOptions options) =>
        TaxonomyBuilder.Build(Catalog.Vectors, SyntheticCatalog.Dimensions, Catalog.Items, options);

    [Fact]
    public void Mini_batch_recovers_the_planted_themes_and_topics_as_well_as_lloyd()
    {
        var taxonomy = Build(MiniBatch());
        var macro = new int[taxonomy.Items.Count];
        var meso = new int[taxonomy.Items.Count];
        for (int i = 0; i < macro.Length; i++) (macro[i], meso[i]) = taxonomy.PathOf(i);
        Assert.True(TaxonomyEvaluation.Nmi(macro, Catalog.Theme.Select(t => new[] { t }).ToArray()) > 0.9, "macro NMI");
        Assert.True(TaxonomyEvaluation.Nmi(meso, Catalog.Topic.Select(t => new[] { t }).ToArray()) > 0.7, "meso NMI");
    }

    [Fact]
    public void Mini_batch_is_deterministic_for_a_seed_and_leaves_no_node_empty()
    {
        var a = Build(MiniBatch());
        var b = Build(MiniBatch());
        Assert.Equal(a.ToBytes(), b.ToBytes());
        Assert.All(a.Nodes, node => Assert.True(node.Size > 0));
        var other = MiniBatch();
        other.Seed = 7;
        Assert.NotEqual(a.ToBytes(), Build(other).ToBytes());
    }

    [Fact]
    public void Below_the_threshold_the_tree_is_the_lloyd_tree()
    {
        var options = SyntheticCatalog.Options();
        options.MiniBatchAbove = Catalog.Items.Count + 1;
        Assert.Equal(Catalog.Taxonomy.ToBytes(), Build(options).ToBytes());
    }
}
