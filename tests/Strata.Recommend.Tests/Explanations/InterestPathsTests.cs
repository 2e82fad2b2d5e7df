using Strata.Interests.Profiles;
using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Interests.Taxonomies;
using Strata.Recommend.Explanations;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Explanations;

public sealed class InterestPathsTests
{
    [Fact]
    public void Taxonomy_paths_follow_the_tree_and_unknown_items_fall_under_other()
    {
        var data = Checkerboard.Create();
        var taxonomy = TaxonomyBuilder.Build(data.ItemVectors!, data.Dimensions, data.Catalog);
        var items = IdMap.From([.. data.Catalog.Select(i => i.Id), "brand-new"]);
        var paths = InterestPaths.FromTaxonomy(taxonomy, items);
        for (int i = 0; i < data.Catalog.Count; i++)
        {
            var path = taxonomy.PathOf(taxonomy.Items.IndexOf(items[i]));
            Assert.Equal(taxonomy.Nodes[path.Meso].Label, paths.MesoLabel(paths.MesoOf(i)));
            Assert.Equal(taxonomy.Nodes[path.Macro].Label, paths.MacroLabel(paths.MacroOf(i)));
        }
        Assert.Equal("Other", paths.MesoLabel(paths.MesoOf(items.Count - 1)));
    }

    [Fact]
    public void Category_paths_use_the_first_two_categories()
    {
        var catalog = new[]
        {
            new Item("a", "A", ["News", "Sports"], [], Item.Empty, Item.Empty),
            new Item("b", "B", ["News"], [], Item.Empty, Item.Empty),
            Item.Create("c", "C"),
        };
        var paths = InterestPaths.FromCategories(catalog);
        Assert.Equal("News / Sports", paths.MesoLabel(paths.MesoOf(0)));
        Assert.Equal("News", paths.MacroLabel(paths.MacroOf(0)));
        Assert.Equal(paths.MacroOf(0), paths.MacroOf(1));
        Assert.Equal("Other", paths.MacroLabel(paths.MacroOf(2)));
    }

    [Fact]
    public void Strength_halves_after_one_half_life()
    {
        var catalog = new[] { new Item("a", "A", ["X"], [], Item.Empty, Item.Empty), new Item("b", "B", ["Y"], [], Item.Empty, Item.Empty) };
        var paths = InterestPaths.FromCategories(catalog);
        var day = 86_400L;
        var history = new UserHistory(0, [0, 1], [EventType.Click, EventType.Click], [float.NaN, float.NaN], [0, 10 * day]);
        var strengths = paths.Strengths(history, EventWeights.Default, TimeSpan.FromDays(10));
        Assert.Equal(0.5f, strengths[paths.MesoOf(0)], 1e-5);
        Assert.Equal(1f, strengths[paths.MesoOf(1)], 1e-5);
    }

    [Fact]
    public void Strengths_weigh_events_as_the_profile_does_so_a_dislike_subtracts()
    {
        var catalog = new[] { new Item("a", "A", ["X"], [], Item.Empty, Item.Empty), new Item("b", "B", ["Y"], [], Item.Empty, Item.Empty) };
        var paths = InterestPaths.FromCategories(catalog);
        var history = new UserHistory(0, [0, 0, 1], [EventType.Rating, EventType.Dislike, EventType.Purchase], [5f, float.NaN, 2f], [0, 0, 0]);
        var weights = new EventWeights(new EventWeightOptions());
        var strengths = paths.Strengths(history, weights, TimeSpan.FromDays(10));
        Assert.Equal((5 - 2) * 0.5f - 2f, strengths[paths.MesoOf(0)], 1e-5);
        Assert.Equal(3f * 2, strengths[paths.MesoOf(1)], 1e-5);
    }
}
