using Strata.Interests.Taxonomies;
using Strata.Interests.Tests.Support;

namespace Strata.Interests.Tests.Taxonomies;

public class TaxonomyTests
{
    private static readonly SyntheticCatalog Catalog = SyntheticCatalog.Instance;

    [Fact]
    public void Bytes_round_trip_keeps_the_whole_tree()
    {
        var taxonomy = Catalog.Taxonomy;
        var copy = Taxonomy.FromBytes(taxonomy.ToBytes(), version: 3);
        Assert.Equal(3, copy.Version);
        Assert.Equal(taxonomy.Fingerprint(), copy.Fingerprint());
        Assert.Equal(taxonomy.NodeCount, copy.NodeCount);
        for (int h = 0; h < taxonomy.NodeCount; h++)
        {
            Assert.Equal(taxonomy.Nodes[h].Label, copy.Nodes[h].Label);
            Assert.Equal(taxonomy.Nodes[h].Terms, copy.Nodes[h].Terms);
            Assert.Equal(taxonomy.Nodes[h].Centroid, copy.Nodes[h].Centroid);
        }
        Assert.Equal(taxonomy.ItemMeso.ToArray(), copy.ItemMeso.ToArray());
        Assert.Equal(taxonomy.Items.Ids, copy.Items.Ids);
    }

    [Fact]
    public void Garbage_and_truncated_bytes_are_rejected_clearly()
    {
        Assert.Throws<InvalidDataException>(() => Taxonomy.FromBytes(new byte[64]));
        var bytes = Catalog.Taxonomy.ToBytes();
        Assert.Throws<InvalidDataException>(() => Taxonomy.FromBytes(bytes.AsSpan(0, bytes.Length / 2)));
    }

    [Fact]
    public void A_new_item_is_placed_from_its_text_alone_under_its_theme()
    {
        var taxonomy = Catalog.Taxonomy;
        var vector = Catalog.Generator.Embed("rocket orbit astronaut planet telescope");
        var placed = taxonomy.Place(vector);
        // The galaxy theme holds items 180..239 of the synthetic catalogue.
        Assert.Equal(taxonomy.PathOf(200).Macro, placed.Macro);
        Assert.Equal(placed.Macro, taxonomy.Nodes[placed.Meso].ParentId);
    }

    [Fact]
    public void Placing_a_catalogue_item_mostly_agrees_with_its_built_path()
    {
        var taxonomy = Catalog.Taxonomy;
        var agree = 0;
        for (int i = 0; i < taxonomy.Items.Count; i++)
            if (taxonomy.Place(Catalog.Vectors.AsSpan(i * SyntheticCatalog.Dimensions, SyntheticCatalog.Dimensions)) == taxonomy.PathOf(i)) agree++;
        Assert.True(agree >= taxonomy.Items.Count * 0.95, $"{agree} of {taxonomy.Items.Count}");
    }
}
