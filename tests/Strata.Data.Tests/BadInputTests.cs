using Strata.Core.Domain;
using Strata.Data.Amazon;
using Strata.Data.Mind;
using Strata.Data.MovieLens;

namespace Strata.Data.Tests;

/// <summary>Each kind of malformed input stops the read with file, line and field, or with SkipInvalid is skipped and counted.</summary>
public sealed class BadInputTests : IDisposable
{
    private const string Items100k =
        "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n" +
        "2|GoldenEye (1995)|01-Jan-1995||http://y|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0\n";
    private const string Users100k = "1|24|M|technician|85711\n2|53|F|other|94043\n";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private IDatasetReader Ml100k(string ratings, bool skipInvalid = false)
    {
        _folder.Write("u.item", Items100k).Write("u.user", Users100k).Write("u.data", ratings);
        return new MovieLens100kReader(_folder.Path, new ReaderOptions(skipInvalid));
    }

    private static DataFormatException Fails(IEnumerable<object> read) =>
        Assert.Throws<DataFormatException>(() => read.ToList());

    [Theory]
    [InlineData("1\t1\t5\t881250949\n1\t2\t3\n", 2, null, "expected 4 fields")]            // wrong field count
    [InlineData("1\t1\t5\t881250949\t7\n", 1, null, "expected 4 fields")]                 // too many fields
    [InlineData("1\t1\tx\t881250949\n", 1, "rating", "'x' is not a number")]              // non-numeric rating
    [InlineData("1\t1\t6\t881250949\n", 1, "rating", "'6' is not a rating on the scale 1–5")] // out of range
    [InlineData("1\t1\t3.5\t881250949\n", 1, "rating", "is not a rating on the scale")]   // off the whole-star scale
    [InlineData("u1\t1\t3\t881250949\n", 1, "user id", "'u1' is not a positive integer id")] // non-numeric id
    [InlineData("1\t-2\t3\t881250949\n", 1, "item id", "is not a positive integer id")]
    [InlineData("1\t1\t3\t8812509490000\n", 1, "timestamp", "is not a plausible unix time")] // milliseconds, not seconds
    [InlineData("1\t1\t3\tyesterday\n", 1, "timestamp", "'yesterday' is not an integer")]
    [InlineData("1\t1\t3\t881250949\n1\t99\t3\t881250949\n", 2, "item id", "item '99' is not in u.item")] // unknown item
    [InlineData("7\t1\t3\t881250949\n", 1, "user id", "user '7' is not in u.user")]        // unknown user
    public void Malformed_rating_line_names_file_line_and_field(string ratings, int line, string? field, string problem)
    {
        var error = Fails(Ml100k(ratings).ReadEvents());
        Assert.Equal("u.data", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Contains(problem, error.Message);
        Assert.StartsWith($"u.data:{line}: ", error.Message);
    }

    [Fact]
    public void Message_reads_file_line_field_problem()
    {
        var error = Fails(Ml100k("1\t1\t5\t881250949\n1\t2\tx\t881250949\n").ReadEvents());
        Assert.Equal("u.data:2: field 'rating': 'x' is not a number", error.Message);
    }

    [Fact]
    public void Unknown_references_carry_their_kind()
    {
        Assert.Equal(DataProblem.UnknownItem, Fails(Ml100k("1\t99\t3\t881250949\n").ReadEvents()).Kind);
        Assert.Equal(DataProblem.UnknownUser, Fails(Ml100k("9\t1\t3\t881250949\n").ReadEvents()).Kind);
        Assert.Equal(DataProblem.Malformed, Fails(Ml100k("1\t1\t9\t881250949\n").ReadEvents()).Kind);
    }

    [Fact]
    public void SkipInvalid_skips_counts_and_keeps_the_first_reasons()
    {
        var reader = Ml100k(
            "1\t1\t5\t881250949\n" +
            "1\t2\tx\t881250949\n" +     // line 2: non-numeric rating
            "2\t1\t4\t881250950\n" +
            "2\t9\t4\t881250950\n" +     // line 4: unknown item
            "5\t1\t4\t881250950\n" +     // line 5: unknown user
            "2\t2\n" +                   // line 6: field count
            "\n" +                       // blank lines are not records
            "2\t2\t1\t881250951\n",
            skipInvalid: true);
        var events = reader.ReadEvents().ToList();
        Assert.Equal(["1/1", "2/1", "2/2"], events.Select(e => $"{e.UserId}/{e.ItemId}"));
        Assert.Equal(4, reader.Report.SkippedLines);
        Assert.Equal(1, reader.Report.UnknownItemReferences);
        Assert.Equal(1, reader.Report.UnknownUserReferences);
        Assert.Equal(4, reader.Report.Problems.Count);
        Assert.StartsWith("u.data:2: field 'rating'", reader.Report.Problems[0]);
        Assert.StartsWith("u.data:4: field 'item id'", reader.Report.Problems[1]);
        Assert.StartsWith("u.data:5: field 'user id'", reader.Report.Problems[2]);
        Assert.StartsWith("u.data:6: expected 4 fields", reader.Report.Problems[3]);
    }

    [Fact]
    public void SkipInvalid_keeps_only_the_first_ten_reasons_but_counts_all()
    {
        var lines = string.Concat(Enumerable.Range(1, 25).Select(i => $"1\t1\tbad{i}\t881250949\n")) + "1\t1\t5\t881250949\n";
        var reader = Ml100k(lines, skipInvalid: true);
        Assert.Single(reader.ReadEvents());
        Assert.Equal(25, reader.Report.SkippedLines);
        Assert.Equal(ReadReport.MaxProblems, reader.Report.Problems.Count);
        Assert.StartsWith("u.data:10: ", reader.Report.Problems[^1]);
    }

    [Fact]
    public void Item_and_user_lines_are_validated()
    {
        _folder.Write("u.data", "").Write("u.user", Users100k)
            .Write("u.item", "1|Toy Story (1995)|01-Jan-1995||http://x|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|2\n");
        var error = Fails(new MovieLens100kReader(_folder.Path).ReadItems());
        Assert.Equal(("u.item", 1L, "Western"), (error.File, error.Line, error.Field));
        _folder.Write("u.user", "1|24|X|technician|85711\n");
        error = Fails(new MovieLens100kReader(_folder.Path).ReadUsers());
        Assert.Equal(("u.user", 1L, "gender"), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void Invalid_utf8_in_a_utf8_file_is_reported_with_its_line()
    {
        _folder.Write("movies.csv", "movieId,title,genres\r\n1,Toy Story (1995),Comedy\r\n")
            .WriteBytes("ratings.csv", [.. "userId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n1,1,4.0,9649827"u8, 0xC3, 0x28, .. "\r\n"u8]);
        var error = Fails(new MovieLensLatestReader(_folder.Path).ReadEvents());
        Assert.Equal(("ratings.csv", 3L), (error.File, error.Line));
        Assert.Contains("invalid UTF-8", error.Message);
    }

    [Fact]
    public void Latin1_files_decode_every_byte()
    {
        _folder.Write("users.dat", "1::F::1::10::48067\n").Write("user_item_pairs.dat", "1::1\n")
            .WriteBytes("movies.dat", [.. "1::Mis"u8, 0xE9, .. "rables, Les (1995)::Drama|Musical\n"u8]);
        var item = Assert.Single(new MovieLens1mReader(_folder.Path).ReadItems());
        Assert.Equal("Misérables, Les (1995)", item.Title);
        Assert.Equal(["Drama", "Musical"], item.Categories);
    }

    [Theory]
    [InlineData("1::X::1::10::48067\n", "gender")]
    [InlineData("1::F::2::10::48067\n", "age")]
    [InlineData("1::F::1::21::48067\n", "occupation")]
    public void Ml1m_user_codes_are_checked(string users, string field)
    {
        _folder.Write("users.dat", users).Write("movies.dat", "1::Toy Story (1995)::Comedy\n").Write("user_item_pairs.dat", "1::1\n");
        var error = Fails(new MovieLens1mReader(_folder.Path).ReadUsers());
        Assert.Equal(("users.dat", 1L, field), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void Ml1m_prefers_the_original_ratings_file_when_present()
    {
        _folder.Write("users.dat", "1::F::1::10::48067\n").Write("movies.dat", "1193::One Flew (1975)::Drama\n")
            .Write("user_item_pairs.dat", "1::1193\n").Write("ratings.dat", "1::1193::5::978300760\n");
        var reader = new MovieLens1mReader(_folder.Path);
        Assert.True(reader.HasRatings);
        Assert.Equal(new Event("1", "1193", EventType.Rating, DateTimeOffset.FromUnixTimeSeconds(978300760), 5),
            Assert.Single(reader.ReadEvents()));
        _folder.Write("ratings.dat", "1::1193::5\n");
        var error = Fails(new MovieLens1mReader(_folder.Path).ReadEvents());
        Assert.Equal(("ratings.dat", 1L, (string?)null), (error.File, error.Line, error.Field));
    }

    [Theory]
    [InlineData("userId,movieId,rating,timestamp\r\n1,1,5.5,964982703\r\n", 2, "rating")]   // above the scale
    [InlineData("userId,movieId,rating,timestamp\r\n1,1,0,964982703\r\n", 2, "rating")]     // below the scale
    [InlineData("userId,movieId,rating,timestamp\r\n1,1,3.25,964982703\r\n", 2, "rating")]  // not a half star
    [InlineData("userId,movieId,rating,timestamp\r\n1,1,4\r\n", 2, null)]                   // field count
    [InlineData("userId,movieId,stars,timestamp\r\n1,1,4,964982703\r\n", 1, null)]          // wrong header
    [InlineData("userId,movieId,rating,timestamp\r\n1,\"1,4,964982703\r\n", 2, "#2")]        // quote never closed
    [InlineData("userId,movieId,rating,timestamp\r\n1,1\"x\",4,964982703\r\n", 2, "#2")]     // stray quote
    public void Csv_lines_are_validated(string ratings, int line, string? field)
    {
        _folder.Write("movies.csv", "movieId,title,genres\r\n1,Toy Story (1995),Comedy\r\n").Write("ratings.csv", ratings);
        var error = Fails(new MovieLensLatestReader(_folder.Path).ReadEvents());
        Assert.Equal(("ratings.csv", (long)line, field), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void Csv_quoted_fields_hold_commas_quotes_and_line_breaks()
    {
        _folder.Write("movies.csv", "movieId,title,genres\r\n1,\"Dune, \"\"the\"\" film\r\npart 2\",Sci-Fi\r\n2,Plain,(no genres listed)\r\n")
            .Write("ratings.csv", "userId,movieId,rating,timestamp\r\n1,2,4.5,964982703\r\n");
        var reader = new MovieLensLatestReader(_folder.Path);
        var items = reader.ReadItems().ToList();
        Assert.Equal("Dune, \"the\" film\npart 2", items[0].Title);
        Assert.Empty(items[1].Categories);
        var error = Fails(new MovieLensLatestReader(_folder.Write("ratings.csv", "userId,movieId,rating,timestamp\r\n1,3,4.5,964982703\r\n").Path).ReadEvents());
        Assert.Equal(("ratings.csv", 2L, "movieId"), (error.File, error.Line, error.Field)); // item 3 is not in movies.csv
    }

    [Theory]
    [InlineData("1\tU1\t11/12/2019 2:14:46 PM\tN1\tN1-1\n", 0, null)]                     // valid
    [InlineData("1\tU1\t2019-11-12 14:14\tN1\tN1-1\n", 1, "time")]
    [InlineData("1\tU1\t11/12/2019 2:14:46 PM\tN1\tN1-2\n", 1, "impressions")]
    [InlineData("x\tU1\t11/12/2019 2:14:46 PM\tN1\tN1-1\n", 1, "impression id")]
    [InlineData("1\tU1\t11/12/2019 2:14:46 PM\tN1\n", 1, null)]
    public void Mind_behaviour_lines_are_validated(string behaviors, int line, string? field)
    {
        _folder.Write("news.tsv", "N1\tnews\tnewsus\tTitle\tAbstract\thttps://x\t[]\t[]\n").Write("behaviors.tsv", behaviors);
        var reader = new MindReader(_folder.Path);
        if (line == 0)
        {
            Assert.Equal(2, reader.ReadEvents().Count()); // history click + impression click
            return;
        }
        var error = Fails(reader.ReadEvents());
        Assert.Equal(("behaviors.tsv", (long)line, field), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void Mind_unknown_news_are_dropped_and_counted_even_in_strict_mode()
    {
        _folder.Write("news.tsv", "N1\tnews\tnewsus\tTitle\t\thttps://x\t[]\t[]\n")
            .Write("behaviors.tsv", "1\tU1\t11/12/2019 2:14:46 PM\tN1 N2\tN1-0 N3-1\n2\tU1\t11/13/2019 9:00:00 AM\tN1 N2\tN1-1\n");
        var reader = new MindReader(_folder.Path);
        var events = reader.ReadEvents().ToList();
        Assert.Equal([EventType.Click, EventType.Impression, EventType.Click], events.Select(e => e.Type)); // history once per user
        Assert.Equal(2, reader.Report.UnknownItemReferences);
        Assert.Equal(0, reader.Report.SkippedLines);
        Assert.Equal("behaviors.tsv:1: field 'history': news 'N2' is not in news.tsv (event dropped)", reader.Report.Problems[0]);
        Assert.Empty(Assert.Single(reader.ReadItems()).Text); // empty abstract → no text field
    }

    [Fact]
    public void Amazon_bad_json_lines_are_located()
    {
        _folder.WriteGzip("meta_X.json.gz", "{\"asin\":\"A1\",\"title\":\"T\",\"category\":\"not a list\"}\n")
            .WriteGzip("X_5.json.gz", "{\"overall\":5.0,\"reviewerID\":\"R\",\"asin\":\"A1\",\"unixReviewTime\":1393372800}\n{\"overall\":5.0,\n");
        var reader = new AmazonReader(_folder.Path);
        var error = Fails(reader.ReadEvents());
        Assert.Equal(("X_5.json.gz", 2L), (error.File, error.Line));
        Assert.Contains("invalid JSON", error.Message);
        // a single string where a list is expected is accepted as a one-entry list
        Assert.Equal(["not a list"], Assert.Single(reader.ReadItems()).Categories);
        _folder.WriteGzip("X_5.json.gz", "{\"overall\":7,\"reviewerID\":\"R\",\"asin\":\"A1\",\"unixReviewTime\":1393372800}\n");
        error = Fails(new AmazonReader(_folder.Path).ReadEvents());
        Assert.Equal(("X_5.json.gz", 1L, "overall"), (error.File, error.Line, error.Field));
        _folder.WriteGzip("X_5.json.gz", "{\"overall\":4,\"asin\":\"A1\",\"unixReviewTime\":1393372800}\n");
        error = Fails(new AmazonReader(_folder.Path).ReadEvents());
        Assert.Equal(("X_5.json.gz", 1L, "reviewerID"), (error.File, error.Line, error.Field));
    }

    [Fact]
    public void Missing_files_and_folders_are_named()
    {
        var error = Assert.Throws<DataFormatException>(() => DatasetReaders.Open("movielens-100k", _folder.Path));
        Assert.Equal("u.data", error.File);
        Assert.Throws<DataFormatException>(() => DatasetReaders.Open("mind", Path.Combine(_folder.Path, "nope")));
        Assert.Throws<ArgumentException>(() => DatasetReaders.Open("parquet", _folder.Path));
    }

    [Fact]
    public void Every_listed_format_opens_a_reader_of_that_format()
    {
        foreach (var format in DatasetReaders.Formats)
        {
            var folder = format switch
            {
                "movielens-100k" => TestData.Folder("ml-100k"),
                "movielens-1m" => TestData.Folder("ml-1m"),
                "movielens-latest" => TestData.Folder("ml-latest-small"),
                "mind" => TestData.Folder("mind-small-sample"),
                "amazon" => TestData.Folder("amazon2018-magazine-subscriptions"),
                _ => _folder.Write("items.jsonl", "").Write("events.jsonl", "").Path,
            };
            Assert.Equal(format, DatasetReaders.Open(format, folder).Format);
        }
    }
}
