using CsCheck;
using Strata.Core.Domain;
using Strata.Embeddings.Text;

namespace Strata.Embeddings.Tests.Text;

public sealed class ItemTextTemplateTests
{
    private static readonly Item Film = new(
        "50", "Star Wars (1977)", ["Action", "Adventure", "Sci-Fi"], ["space opera"],
        new Dictionary<string, string> { ["description"] = "A farm boy joins a rebellion." },
        new Dictionary<string, string> { ["release_date"] = "01-Jan-1977" },
        CategoriesAreFlat: true);

    [Fact]
    public void The_default_template_joins_title_categories_tags_and_description() =>
        Assert.Equal("Star Wars (1977). Action, Adventure, Sci-Fi. space opera. A farm boy joins a rebellion.", ItemTextTemplate.Default.Render(Film));

    [Fact]
    public void Missing_fields_leave_no_empty_separators()
    {
        var bare = Film with { Tags = [], Text = Item.Empty };
        Assert.Equal("Star Wars (1977). Action, Adventure, Sci-Fi", ItemTextTemplate.Default.Render(bare));
        var noCategories = Film with { Categories = [] };
        Assert.Equal("Star Wars (1977). space opera. A farm boy joins a rebellion.", ItemTextTemplate.Default.Render(noCategories));
    }

    [Fact]
    public void A_category_path_reads_broad_to_narrow()
    {
        var news = new Item("N1", "Markets rally", ["finance", "markets"], [], new Dictionary<string, string> { ["abstract"] = "Stocks rose." }, Item.Empty);
        Assert.Equal("Markets rally. finance > markets. Stocks rose.", ItemTextTemplate.ForDataset("mind").Render(news));
    }

    [Fact]
    public void Amazon_uses_description_brand_and_categories()
    {
        var product = new Item("B01", "B01", ["Magazine Subscriptions", "Science"], [],
            new Dictionary<string, string> { ["description"] = "Monthly science news.", ["brand"] = "Acme" }, Item.Empty);
        Assert.Equal("Monthly science news. Acme. Magazine Subscriptions > Science", ItemTextTemplate.ForDataset("amazon").Render(product));
    }

    [Fact]
    public void Attributes_whitespace_and_punctuation_are_handled()
    {
        var template = new ItemTextTemplate("{title} ({release_date}). {description}.");
        var messy = Film with { Title = "  Star\tWars \n", Text = new Dictionary<string, string> { ["Description"] = "Ends well." } };
        Assert.Equal("Star Wars (01-Jan-1977). Ends well.", template.Render(messy));
    }

    [Fact]
    public void An_item_with_no_template_fields_falls_back_to_its_title_then_its_id()
    {
        var template = new ItemTextTemplate("{description}");
        Assert.Equal("Star Wars (1977)", template.Render(Film with { Text = Item.Empty }));
        Assert.Equal("50", template.Render(Film with { Title = " ", Text = Item.Empty }));
    }

    [Theory]
    [InlineData("movielens-100k", ItemTextTemplate.MovieLensPattern)]
    [InlineData("ml-latest-small", ItemTextTemplate.MovieLensPattern)]
    [InlineData("mind", ItemTextTemplate.MindPattern)]
    [InlineData("amazon", ItemTextTemplate.AmazonPattern)]
    [InlineData("jsonl", ItemTextTemplate.DefaultPattern)]
    [InlineData(null, ItemTextTemplate.DefaultPattern)]
    public void Each_dataset_has_a_default(string? dataset, string pattern) => Assert.Equal(pattern, ItemTextTemplate.ForDataset(dataset).Pattern);

    [Theory]
    [InlineData("{title")]
    [InlineData("{}")]
    [InlineData("no placeholders")]
    public void Malformed_patterns_are_rejected(string pattern) => Assert.Throws<ArgumentException>(() => new ItemTextTemplate(pattern));

    [Fact]
    public void Rendering_is_never_blank_and_never_leaves_doubled_separators()
    {
        var word = Gen.String[Gen.Char["ab .\t"], 0, 6];
        var items = Gen.Select(Gen.String[Gen.Char["xyz"], 1, 4], word, word.Array[0, 3], word.Array[0, 2], word)
            .Select((id, title, categories, tags, description) => new Item(id, title, categories, tags,
                new Dictionary<string, string> { ["description"] = description }, Item.Empty, CategoriesAreFlat: true));
        items.Sample(item =>
        {
            var text = ItemTextTemplate.Default.Render(item);
            Assert.False(string.IsNullOrWhiteSpace(text));
            Assert.DoesNotContain("\t", text);
            Assert.DoesNotContain("  ", text);
        }, iter: 2000);
    }
}
