using Strata.Interests.Taxonomies;
using Strata.Interests.Tests.Support;

namespace Strata.Interests.Tests.Taxonomies;

public class TaxonomyBuilderTests
{
    private static readonly SyntheticCatalog Catalog = SyntheticCatalog.Instance;

    [Fact]
    public void Taxonomy_is_deterministic_for_a_seed()
    {
        var again = TaxonomyBuilder.Build(Catalog.Vectors, SyntheticCatalog.Dimensions, Catalog.Items, SyntheticCatalog.Options());
        Assert.Equal(Catalog.Taxonomy.Fingerprint(), again.Fingerprint());
        Assert.Equal(Catalog.Taxonomy.ToBytes(), again.ToBytes());
    }

    [Fact]
    public void Every_item_sits_under_exactly_one_meso_whose_parent_is_a_macro()
    {
        var taxonomy = Catalog.Taxonomy;
        Assert.Equal(Catalog.Items.Count, taxonomy.Items.Count);
        var mesoSizes = new int[taxonomy.NodeCount];
        for (int i = 0; i < taxonomy.Items.Count; i++)
        {
            var path = taxonomy.PathOf(i);
            Assert.Equal(InterestLevel.Macro, taxonomy.Nodes[path.Macro].Level);
            Assert.Equal(InterestLevel.Meso, taxonomy.Nodes[path.Meso].Level);
            Assert.Equal(path.Macro, taxonomy.Nodes[path.Meso].ParentId);
            mesoSizes[path.Meso]++;
        }
        foreach (var node in taxonomy.Nodes)
        {
            if (node.Level == InterestLevel.Meso) Assert.Equal(node.Size, mesoSizes[node.Id]);
            else
            {
                var childSum = 0;
                foreach (var c in taxonomy.Children(node.Id)) childSum += taxonomy.Nodes[c].Size;
                Assert.Equal(node.Size, childSum);
            }
            Assert.Equal(1f, Core.Vectors.VectorMath.Dot(node.Centroid, node.Centroid), 3);
        }
    }

    [Fact]
    public void Text_only_tree_recovers_the_planted_themes_and_topics()
    {
        var taxonomy = Catalog.Taxonomy;
        var macro = new int[taxonomy.Items.Count];
        var meso = new int[taxonomy.Items.Count];
        for (int i = 0; i < macro.Length; i++) (macro[i], meso[i]) = taxonomy.PathOf(i);
        var themes = Catalog.Theme.Select(t => new[] { t }).ToArray();
        var topics = Catalog.Topic.Select(t => new[] { t }).ToArray();
        Assert.Equal(4, taxonomy.MacroCount);
        Assert.True(TaxonomyEvaluation.Nmi(macro, themes) > 0.9, "macro NMI");
        Assert.True(TaxonomyEvaluation.Nmi(meso, topics) > 0.7, "meso NMI");
        Assert.True(TaxonomyEvaluation.RandomNmi(macro, themes) < 0.1, "random baseline");
    }

    [Fact]
    public void Labels_name_the_dominant_category_of_each_node()
    {
        var taxonomy = Catalog.Taxonomy;
        foreach (var node in taxonomy.Nodes)
        {
            var members = Enumerable.Range(0, taxonomy.Items.Count).Where(i => (node.Level == InterestLevel.Macro ? taxonomy.PathOf(i).Macro : taxonomy.PathOf(i).Meso) == node.Id).ToArray();
            var expected = node.Level == InterestLevel.Macro
                ? $"theme{members.GroupBy(i => Catalog.Theme[i]).OrderByDescending(g => g.Count()).First().Key}"
                : $"topic{members.GroupBy(i => Catalog.Topic[i]).OrderByDescending(g => g.Count()).Select(g => $"{g.Key / 3}.{g.Key % 3}").First()}";
            Assert.Contains(expected, node.Label);
        }
    }

    [Fact]
    public void Without_categories_labels_use_the_dominant_themes_words_and_no_stop_words_or_filler()
    {
        var items = Catalog.Items.Select(i => i with { Categories = [] }).ToList();
        var taxonomy = TaxonomyBuilder.Build(Catalog.Vectors, SyntheticCatalog.Dimensions, items, SyntheticCatalog.Options());
        foreach (var node in taxonomy.Nodes.Where(n => n.Level == InterestLevel.Macro))
        {
            var members = Enumerable.Range(0, taxonomy.Items.Count).Where(i => taxonomy.PathOf(i).Macro == node.Id).ToArray();
            var theme = members.GroupBy(i => Catalog.Theme[i]).OrderByDescending(g => g.Count()).First().Key;
            var top = node.Terms.Take(3).ToArray();
            Assert.Contains(top, t => SyntheticCatalog.ThemeWords[theme].Contains(t));
            Assert.Contains(top[0], node.Label);
            // Filler words are spread over every theme, so c-TF-IDF ranks them below the theme's own words.
            Assert.DoesNotContain(top, t => t is "today" or "report" or "story" or "news" or "the" or "and");
        }
    }

    [Fact]
    public void Category_blending_keeps_a_valid_tree_and_follows_categories_at_least_as_well()
    {
        var options = SyntheticCatalog.Options();
        options.Categories = CategoryUse.Blend;
        var blended = TaxonomyBuilder.Build(Catalog.Vectors, SyntheticCatalog.Dimensions, Catalog.Items, options);
        var macro = Enumerable.Range(0, blended.Items.Count).Select(i => blended.PathOf(i).Macro).ToArray();
        Assert.True(TaxonomyEvaluation.Nmi(macro, Catalog.Theme.Select(t => new[] { t }).ToArray()) > 0.9);
    }

    [Fact]
    public void Flat_kmeans_macros_also_recover_the_planted_themes()
    {
        var options = SyntheticCatalog.Options();
        options.MacroMethod = MacroClustering.KMeans;
        var taxonomy = TaxonomyBuilder.Build(Catalog.Vectors, SyntheticCatalog.Dimensions, Catalog.Items, options);
        var macro = Enumerable.Range(0, taxonomy.Items.Count).Select(i => taxonomy.PathOf(i).Macro).ToArray();
        Assert.True(TaxonomyEvaluation.Nmi(macro, Catalog.Theme.Select(t => new[] { t }).ToArray()) > 0.9);
    }

    [Fact]
    public void Labels_are_unique_within_a_level()
    {
        foreach (var level in new[] { InterestLevel.Macro, InterestLevel.Meso })
        {
            var labels = Catalog.Taxonomy.Nodes.Where(n => n.Level == level).Select(n => n.Label).ToList();
            Assert.Equal(labels.Count, labels.Distinct().Count());
        }
    }

    [Fact]
    public void A_fixed_macro_count_is_honoured()
    {
        var options = SyntheticCatalog.Options();
        options.MacroNodes = 3;
        var taxonomy = TaxonomyBuilder.Build(Catalog.Vectors, SyntheticCatalog.Dimensions, Catalog.Items, options);
        Assert.Equal(3, taxonomy.MacroCount);
    }

    [Fact]
    public void Mismatched_vectors_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => TaxonomyBuilder.Build(new float[10], SyntheticCatalog.Dimensions, Catalog.Items));
    }
}
