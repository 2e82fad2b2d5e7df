using Strata.Core.Domain;
using Strata.Data.Amazon;

namespace Strata.Data.Tests.Amazon;

/// <summary>The staged Amazon 2018 Magazine Subscriptions files (counts from shared/data/README.md).</summary>
public sealed class AmazonReaderTests
{
    private static string Folder => TestData.Folder("amazon2018-magazine-subscriptions");

    [Fact]
    public void Reviews_give_2375_ratings_from_348_users_on_157_items()
    {
        var reader = DatasetReaders.Open("amazon", Folder);
        var events = reader.ReadEvents().ToList();
        Assert.Equal(2_375, events.Count);
        Assert.All(events, e => Assert.Equal(EventType.Rating, e.Type));
        Assert.Equal([102, 118, 239, 375, 1541], events.GroupBy(e => e.Value).OrderBy(g => g.Key).Select(g => g.Count()));
        Assert.Equal(157, events.Select(e => e.ItemId).Distinct().Count());
        Assert.Equal(348, reader.ReadUsers().Count());
        Assert.Equal(new DateTimeOffset(2001, 11, 12, 0, 0, 0, TimeSpan.Zero), events.Min(e => e.Timestamp));
        Assert.Equal(new DateTimeOffset(2018, 5, 20, 0, 0, 0, TimeSpan.Zero), events.Max(e => e.Timestamp));
        // 6 reviewed items have no metadata: their reviews are kept and counted.
        var placeholders = reader.ReadItems().Where(i => i.Attributes.ContainsKey("metadata")).Select(i => i.Id).ToHashSet();
        Assert.Equal(6, placeholders.Count);
        var unlinkedReviews = events.Count(e => placeholders.Contains(e.ItemId!));
        Assert.True(unlinkedReviews > 0);
        Assert.Equal(unlinkedReviews, reader.Report.UnknownItemReferences);
    }

    [Fact]
    public void Meta_merges_duplicates_into_2320_products_plus_6_placeholders()
    {
        var reader = new AmazonReader(Folder);
        var items = reader.ReadItems().ToList();
        Assert.Equal(items.Count, items.Select(i => i.Id).Distinct().Count());
        Assert.Equal(2_320, items.Count(i => !i.Attributes.ContainsKey("metadata")));
        Assert.Equal(6, items.Count(i => i.Attributes.ContainsKey("metadata")));
        Assert.Equal(3_385 - 2_320, reader.Report.MergedDuplicates);
    }

    [Fact]
    public void Meta_text_is_unescaped_and_broken_titles_are_replaced()
    {
        var items = new AmazonReader(Folder).ReadItems().ToDictionary(i => i.Id);
        Assert.DoesNotContain(items.Values, i => i.Title.Contains('<') || i.Title.Contains("&amp;") || i.Title.Length == 0);
        Assert.DoesNotContain(items.Values, i => i.Categories.Any(c => c.Contains("&amp;")));
        Assert.Contains(items.Values, i => i.Title == "Canoe & Kayak");
        var music = items["B00005N7OC"]; // title is <span… in the file
        Assert.Equal(["Magazine Subscriptions", "Arts, Music & Photography", "Music"], music.Categories);
        Assert.Equal("description", music.Attributes["title_source"]);
        Assert.Equal("Written by and for musicians.", music.Title);
        Assert.Equal("String Letter Publishers", music.Text["brand"]);
        Assert.StartsWith("Written by and for musicians. Covers", music.Text["description"]);
        Assert.DoesNotContain(items.Values, i => i.Text.TryGetValue("description", out var d) && d.Contains("<I>"));
    }
}
