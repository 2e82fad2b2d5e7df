using Strata.Core.Domain;
using Strata.Data.Mind;

namespace Strata.Data.Tests.Mind;

/// <summary>The staged MIND sample. Expected event counts were computed independently (a short script over the two files)
/// with the reader's documented rules: history once per user, unknown news dropped.</summary>
public sealed class MindReaderTests
{
    [Fact]
    public void News_gives_2000_items_with_two_level_category_paths()
    {
        var items = DatasetReaders.Open("mind", TestData.Folder("mind-small-sample")).ReadItems().ToList();
        Assert.Equal(2_000, items.Count);
        Assert.All(items, i => Assert.Equal(2, i.Categories.Count));
        Assert.All(items, i => Assert.False(i.CategoriesAreFlat));
        Assert.Equal(15, items.Select(i => i.Categories[0]).Distinct().Count());
        Assert.Equal(144, items.Select(i => (i.Categories[0], i.Categories[1])).Distinct().Count());
        Assert.Equal(99, items.Count(i => !i.Text.ContainsKey("abstract")));
        var first = items[0];
        Assert.Equal("N34700", first.Id);
        Assert.Equal(["news", "newspolitics"], first.Categories);
        Assert.Equal("New Florida Majority celebrates grand opening of Fort Lauderdale office | PHOTOS", first.Title);
        Assert.Equal("https://assets.msn.com/labs/mind/AAJte4f.html", first.Attributes["url"]);
        Assert.StartsWith("As music blasted", first.Text["abstract"]);
    }

    [Fact]
    public void Behaviors_keep_linked_events_and_count_unknown_news()
    {
        var reader = new MindReader(TestData.Folder("mind-small-sample"));
        var events = reader.ReadEvents().ToList();
        Assert.Equal(5_354 + 175, events.Count(e => e.Type == EventType.Click)); // history clicks + impression clicks
        Assert.Equal(5_135, events.Count(e => e.Type == EventType.Impression));
        Assert.Equal(317_627, reader.Report.UnknownItemReferences);
        Assert.Equal(0, reader.Report.SkippedLines);
        Assert.Equal(ReadReport.MaxProblems, reader.Report.Problems.Count);
        Assert.Contains("is not in news.tsv", reader.Report.Problems[0]);
        Assert.Equal(3_454, reader.ReadUsers().Count());
        Assert.All(events, e => Assert.InRange(e.Timestamp, new DateTimeOffset(2019, 11, 9, 0, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2019, 11, 15, 0, 0, 0, TimeSpan.Zero)));
    }
}
