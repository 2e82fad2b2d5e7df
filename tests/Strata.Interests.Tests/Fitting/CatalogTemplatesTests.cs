using Strata.Core.Domain;
using Strata.Embeddings.Text;
using Strata.Interests.Fitting;

namespace Strata.Interests.Tests.Fitting;

public class CatalogTemplatesTests
{
    [Fact]
    public void Withholding_categories_removes_the_placeholder_and_its_separator()
    {
        Assert.Equal("{title}. {abstract}", CatalogTemplates.WithoutCategories(new ItemTextTemplate(ItemTextTemplate.MindPattern)).Pattern);
        Assert.Equal("{title}", CatalogTemplates.WithoutCategories(new ItemTextTemplate(ItemTextTemplate.MovieLensPattern)).Pattern);
        var item = new Item("n1", "Storm hits coast", ["news", "newsweather"], [], new Dictionary<string, string> { ["abstract"] = "Winds of 100 mph." }, Item.Empty);
        Assert.DoesNotContain("news", CatalogTemplates.WithoutCategories(new ItemTextTemplate(ItemTextTemplate.MindPattern)).Render(item));
    }

    [Fact]
    public void The_template_follows_the_catalogues_fields()
    {
        var mind = new Item("n1", "t", ["news"], [], new Dictionary<string, string> { ["abstract"] = "a" }, Item.Empty);
        var movie = new Item("1", "Toy Story (1995)", ["Animation", "Comedy"], [], Item.Empty, Item.Empty, CategoriesAreFlat: true);
        Assert.Equal(ItemTextTemplate.MindPattern, CatalogTemplates.Infer([mind]).Pattern);
        Assert.Equal(ItemTextTemplate.MovieLensPattern, CatalogTemplates.Infer([movie]).Pattern);
        Assert.Equal(ItemTextTemplate.DefaultPattern, CatalogTemplates.Infer([Item.Create("x", "plain")]).Pattern);
    }
}
