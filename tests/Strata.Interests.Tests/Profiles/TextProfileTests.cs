using Strata.Interests.Profiles;
using Strata.Interests.Tests.Support;

namespace Strata.Interests.Tests.Profiles;

public class TextProfileTests
{
    [Fact]
    public async Task A_sentence_alone_gives_a_profile_led_by_its_theme()
    {
        var catalog = SyntheticCatalog.Instance;
        var snapshot = await TextProfile.FromTextAsync(catalog.Generator, catalog.Taxonomy, "rocket launch into orbit around a new planet");
        Assert.Equal(0, snapshot.Events);
        // The galaxy theme holds the last 60 synthetic items.
        Assert.Equal(catalog.Taxonomy.PathOf(220).Macro, snapshot.Macro[0].NodeId);
        Assert.Equal(1f, snapshot.Macro.Sum(n => n.Probability), 4);
        Assert.Equal(1f, snapshot.Meso.Sum(n => n.Probability), 4);
        Assert.Equal(catalog.Taxonomy.PathOf(220).Macro, catalog.Taxonomy.Nodes[snapshot.Meso[0].NodeId].ParentId);
    }

    [Fact]
    public void Lower_temperature_sharpens_the_assignment()
    {
        var catalog = SyntheticCatalog.Instance;
        var query = catalog.Generator.Embed("recipe kitchen baking");
        var sharp = TextProfile.FromVector(catalog.Taxonomy, query, 0.02f);
        var soft = TextProfile.FromVector(catalog.Taxonomy, query, 1f);
        Assert.True(sharp.Macro[0].Probability > soft.Macro[0].Probability);
        Assert.Equal(sharp.Macro[0].NodeId, soft.Macro[0].NodeId);
    }
}
