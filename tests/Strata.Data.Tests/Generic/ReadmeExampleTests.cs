using Strata.Core.Domain;

namespace Strata.Data.Tests.Generic;

/// <summary>The generic-format examples in README.md read as the README says.</summary>
public sealed class ReadmeExampleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Readme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Strata.slnx"))) return File.ReadAllText(Path.Combine(dir.FullName, "README.md"));
        throw new FileNotFoundException("README.md next to Strata.slnx");
    }

    private static List<string> Blocks(string readme, string language)
    {
        var section = readme[readme.IndexOf("## Your own data (generic format)", StringComparison.Ordinal)..];
        var blocks = new List<string>();
        for (var start = section.IndexOf("```" + language + "\n", StringComparison.Ordinal); start >= 0;
             start = section.IndexOf("```" + language + "\n", start + 1, StringComparison.Ordinal))
        {
            var body = start + language.Length + 4;
            blocks.Add(section[body..section.IndexOf("```", body, StringComparison.Ordinal)]);
        }
        return blocks;
    }

    [Fact]
    public void Jsonl_example_reads_as_documented()
    {
        var files = new Dictionary<string, string>();
        string? current = null;
        foreach (var line in Assert.Single(Blocks(Readme(), "jsonl")).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("// ")) current = line[3..].Split(':')[0].Trim();
            else files[current!] = files.GetValueOrDefault(current!) + line + "\n";
        }
        foreach (var (name, text) in files) _folder.Write(name, text);
        var reader = DatasetReaders.Open("jsonl", _folder.Path);
        var items = reader.ReadItems().ToList();
        Assert.Equal(["Books", "Fiction", "Science fiction"], items[0].Categories);
        Assert.True(items[1].CategoriesAreFlat);
        Assert.Equal("1965", items[0].Attributes["year"]);
        Assert.Equal("NZ", Assert.Single(reader.ReadUsers()).Attributes["country"]);
        var events = reader.ReadEvents().ToList();
        Assert.Equal([EventType.Rating, EventType.Click, EventType.Search, EventType.Impression], events.Select(e => e.Type));
        Assert.Equal(4.5, events[0].Value);
        Assert.Equal("order-17-rating", events[0].IdempotencyKey);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1714557600), events[1].Timestamp);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 8, 2, 0, TimeSpan.Zero), events[2].Timestamp);
        Assert.Null(events[2].ItemId);
        Assert.True(reader.Report.IsClean);
    }

    [Fact]
    public void Csv_example_reads_as_documented()
    {
        var blocks = Blocks(Readme(), "csv");
        Assert.Equal(2, blocks.Count);
        _folder.Write("items.csv", blocks[0]).Write("events.csv", blocks[1]);
        var reader = DatasetReaders.Open("jsonl", _folder.Path);
        var item = Assert.Single(reader.ReadItems());
        Assert.Equal(new Item("b1", "Dune", ["Books", "Fiction", "Science fiction"], [],
            new Dictionary<string, string> { ["description"] = "Desert planet, spice, prophecy." },
            new Dictionary<string, string> { ["year"] = "1965" }), item);
        var events = reader.ReadEvents().ToList();
        Assert.Equal([EventType.Rating, EventType.Search], events.Select(e => e.Type));
        Assert.Equal("space opera", events[1].Text);
        Assert.Single(reader.ReadUsers());
    }
}
