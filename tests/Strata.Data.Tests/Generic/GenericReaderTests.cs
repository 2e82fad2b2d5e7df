namespace Strata.Data.Tests.Generic;

/// <summary>The generic format's rules, each broken once.</summary>
public sealed class GenericReaderTests : IDisposable
{
    private const string Items = "{\"id\":\"b1\",\"title\":\"Dune\"}\n{\"id\":\"b2\",\"title\":\"Emma\"}\n";
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("{\"user\":\"u1\",\"item\":\"b1\",\"type\":\"like\",\"timestamp\":1}", "type", "'like' is not an event type")]
    [InlineData("{\"user\":\"u1\",\"item\":\"b1\",\"type\":\"rating\",\"timestamp\":1}", "value", "rating events need a value")]
    [InlineData("{\"user\":\"u1\",\"item\":\"b1\",\"type\":\"rating\",\"value\":\"lots\",\"timestamp\":1}", "value", "is not a number")]
    [InlineData("{\"user\":\"u1\",\"item\":\"b1\",\"type\":\"click\",\"timestamp\":\"last tuesday\"}", "timestamp", "neither ISO-8601 nor unix seconds")]
    [InlineData("{\"user\":\"u1\",\"item\":\"b1\",\"type\":\"click\",\"timestamp\":1700000000000}", "timestamp", "not a plausible unix time")]
    [InlineData("{\"user\":\"u1\",\"item\":\"b1\",\"type\":\"click\"}", "timestamp", "is missing")]
    [InlineData("{\"user\":\"u1\",\"type\":\"click\",\"timestamp\":1}", "item", "click events need an item")]
    [InlineData("{\"user\":\"u1\",\"item\":\"b1\",\"type\":\"search\",\"text\":\"x\",\"timestamp\":1}", "item", "search events have no item")]
    [InlineData("{\"user\":\"u1\",\"type\":\"search\",\"timestamp\":1}", "text", "search events need a text")]
    [InlineData("{\"user\":\"u1\",\"item\":\"b9\",\"type\":\"view\",\"timestamp\":1}", "item", "item 'b9' is not in items.jsonl")]
    [InlineData("{\"user\":\"\",\"item\":\"b1\",\"type\":\"view\",\"timestamp\":1}", "user", "is empty")]
    [InlineData("{\"user\":[1],\"item\":\"b1\",\"type\":\"view\",\"timestamp\":1}", "user", "expected a string or integer id")]
    [InlineData("{\"user\":\"u1\",\"item\":\"b1\",\"type\":\"view\",\"timestamp\":1", null, "invalid JSON")]
    [InlineData("[\"u1\",\"b1\"]", null, "expected a JSON object")]
    public void Bad_event_lines_name_the_property(string line, string? field, string problem)
    {
        _folder.Write("items.jsonl", Items).Write("events.jsonl", "{\"user\":\"u1\",\"item\":\"b2\",\"type\":\"view\",\"timestamp\":1}\n" + line + "\n");
        var error = Assert.Throws<DataFormatException>(() => DatasetReaders.Open("jsonl", _folder.Path).ReadEvents().ToList());
        Assert.Equal(("events.jsonl", 2L, field), (error.File, error.Line, error.Field));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void With_a_user_file_events_must_name_known_users_and_SkipInvalid_counts_them()
    {
        _folder.Write("items.jsonl", Items).Write("users.jsonl", "{\"id\":\"u1\"}\n")
            .Write("events.jsonl", "{\"user\":\"u1\",\"item\":\"b1\",\"type\":\"view\",\"timestamp\":1}\n{\"user\":\"u2\",\"item\":\"b1\",\"type\":\"view\",\"timestamp\":1}\n");
        var error = Assert.Throws<DataFormatException>(() => DatasetReaders.Open("jsonl", _folder.Path).ReadEvents().ToList());
        Assert.Equal(("events.jsonl", 2L, "user", DataProblem.UnknownUser), (error.File, error.Line, error.Field, error.Kind));
        var lenient = DatasetReaders.Open("jsonl", _folder.Path, new ReaderOptions(SkipInvalid: true));
        Assert.Single(lenient.ReadEvents());
        Assert.Equal((1, 1), (lenient.Report.SkippedLines, lenient.Report.UnknownUserReferences));
    }

    [Fact]
    public void Invalid_json_is_described_in_the_files_terms_without_the_parsers_advice()
    {
        const string line = "{\"user\":\"u1\",\"item\":\"b1\",\"type\":\"click\",\"timestamp\":1714557600,}";
        _folder.Write("items.jsonl", Items).Write("events.jsonl", line + "\n");
        var error = Assert.Throws<DataFormatException>(() => DatasetReaders.Open("jsonl", _folder.Path).ReadEvents().ToList());
        Assert.Equal("events.jsonl:1: invalid JSON at byte 64: the JSON object contains a trailing comma at the end", error.Message);
    }

    [Fact]
    public void The_report_counts_in_words_with_singular_and_plural()
    {
        _folder.Write("items.jsonl", Items).Write("users.jsonl", "{\"id\":\"u1\"}\n")
            .Write("events.jsonl", "{\"user\":\"u1\",\"item\":\"b1\",\"type\":\"view\",\"timestamp\":1}\n{\"user\":\"u2\",\"item\":\"b1\",\"type\":\"view\",\"timestamp\":1}\n");
        var lenient = DatasetReaders.Open("jsonl", _folder.Path, new ReaderOptions(SkipInvalid: true));
        _ = lenient.ReadEvents().ToList();
        Assert.Equal("1 line skipped, 0 unknown item references, 1 unknown user reference, 0 duplicate catalogue lines merged", lenient.Report.ToString());
    }

    [Fact]
    public void Csv_header_must_have_the_required_columns()
    {
        _folder.Write("items.csv", "id,title\nb1,Dune\n").Write("events.csv", "user,item,timestamp\nu1,b1,1\n");
        var error = Assert.Throws<DataFormatException>(() => DatasetReaders.Open("jsonl", _folder.Path).ReadEvents().ToList());
        Assert.Equal(("events.csv", 1L, "type"), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void Csv_cells_are_validated_with_the_column_name()
    {
        _folder.Write("items.csv", "id,title,flat_categories\nb1,Dune,maybe\n").Write("events.csv", "user,item,type,timestamp\nu1,b1,view,1\n");
        var error = Assert.Throws<DataFormatException>(() => DatasetReaders.Open("jsonl", _folder.Path).ReadItems().ToList());
        Assert.Equal(("items.csv", 2L, "flat_categories"), (error.File, error.Line, error.Field));
        _folder.Write("items.csv", "id,title\nb1,Dune\n").Write("events.csv", "user,item,type,value,timestamp\nu1,b1,rating,4,1\nu1,b1,rating,four,1\n");
        error = Assert.Throws<DataFormatException>(() => DatasetReaders.Open("jsonl", _folder.Path).ReadEvents().ToList());
        Assert.Equal(("events.csv", 3L, "value"), (error.File, error.Line, error.Field));
    }
}
