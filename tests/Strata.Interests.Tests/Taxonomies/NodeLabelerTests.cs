using Strata.Core.Domain;
using Strata.Interests.Taxonomies;

namespace Strata.Interests.Tests.Taxonomies;

public sealed class NodeLabelerTests
{
    private static Item Movie(string id, string title, params string[] genres) =>
        new(id, title, genres, [], Item.Empty, Item.Empty, CategoriesAreFlat: true);

    [Fact]
    public void A_value_common_to_the_whole_catalogue_never_names_a_node()
    {
        // Every item is a Drama; half are also War films, all of them in class 0.
        var items = Enumerable.Range(0, 20).Select(i => Movie($"m{i}", $"Film {i}", i < 10 ? ["Drama", "War"] : ["Drama"])).ToList();
        var vocabulary = NodeLabeler.Read(items);
        var classOf = Enumerable.Range(0, 20).Select(i => i < 10 ? 0 : 1).ToArray();
        var evidence = NodeLabeler.Overrepresented(vocabulary.ItemValues, vocabulary.Values, classOf, 2, new int[20], 1, 0.3f, 1.5f, 8);

        Assert.Equal(["War"], evidence[0].Select(t => t.Text));
        Assert.Equal(1f, evidence[0][0].Share);
        Assert.Empty(evidence[1]); // Drama has lift 1 everywhere
    }

    [Fact]
    public void Against_the_parent_a_meso_is_named_by_what_sets_it_apart_from_its_siblings()
    {
        // One macro of comedies: 6 romantic comedies of the 1990s, 6 comedies of the 1960s.
        var items = Enumerable.Range(0, 12).Select(i => i < 6
            ? Movie($"m{i}", $"Love story {i} (199{i})", "Comedy", "Romance")
            : Movie($"m{i}", $"Caper {i} (196{i - 6})", "Comedy")).ToList();
        var vocabulary = NodeLabeler.Read(items);
        var meso = Enumerable.Range(0, 12).Select(i => i < 6 ? 0 : 1).ToArray();
        var evidence = NodeLabeler.Overrepresented(vocabulary.ItemValues, vocabulary.Values, meso, 2, new int[12], 1, 0.3f, 1.5f, 8);

        Assert.Equal(["1990s", "Romance"], evidence[0].Select(t => t.Text).Order());
        Assert.Equal(["1960s"], evidence[1].Select(t => t.Text));
    }

    [Theory]
    [InlineData("Toy Story (1995)", null, null, "1990s")]
    [InlineData("Alien", "1979", null, "1970s")]
    [InlineData("Heat", null, "01-Jan-1995", "1990s")]
    [InlineData("1984 (film)", null, null, null)]
    [InlineData("Blade Runner 2049", null, null, null)]
    public void The_decade_comes_from_a_year_attribute_a_release_date_or_a_title_ending_in_a_year(string title, string? year, string? released, string? decade)
    {
        var attributes = new Dictionary<string, string>();
        if (year is not null) attributes["year"] = year;
        if (released is not null) attributes["release_date"] = released;
        var item = new Item("x", title, [], [], Item.Empty, attributes);
        Assert.Equal(decade is null ? [] : [decade], ItemEvidence.Decade(item));
    }

    [Fact]
    public void Colliding_labels_take_the_next_candidate_and_stay_unique()
    {
        NodeLabeler.Term[][] evidence = [[new("Comedy", 1f)], [new("Comedy", 0.9f)], [new("Comedy", 0.8f)]];
        NodeLabeler.Term[][] words = [[new("vacation", 0.4f)], [new("wedding", 0.5f)], []];
        var labels = NodeLabeler.Compose([evidence, words], 3, 0.1f, "topic");
        Assert.Equal(["Comedy", "Comedy · wedding", "Comedy (3)"], labels);
    }

    [Fact]
    public void A_node_without_evidence_or_words_gets_a_numbered_fallback()
    {
        var labels = NodeLabeler.Compose([[[]], [[]]], 3, 0.1f, "topic");
        Assert.Equal(["topic 1"], labels);
    }
}
