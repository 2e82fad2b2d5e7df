using Strata.Core.Domain;
using Strata.Data.MovieLens;

namespace Strata.Data.Tests.MovieLens;

/// <summary>The staged MovieLens releases read into the official counts (see shared/data/README.md).</summary>
public sealed class MovieLensCountTests
{
    [Fact]
    public void Ml100k_gives_100000_ratings_943_users_1682_items()
    {
        var reader = DatasetReaders.Open("movielens-100k", TestData.Folder("ml-100k"));
        var events = reader.ReadEvents().ToList();
        Assert.Equal(100_000, events.Count);
        Assert.All(events, e => Assert.Equal(EventType.Rating, e.Type));
        Assert.Equal(943, reader.ReadUsers().Count());
        Assert.Equal(1682, reader.ReadItems().Count());
        Assert.Equal(943, events.Select(e => e.UserId).Distinct().Count());
        // Rating histogram from the data README: 1: 6110, 2: 11370, 3: 27145, 4: 34174, 5: 21201.
        var histogram = events.GroupBy(e => e.Value!.Value).OrderBy(g => g.Key).Select(g => g.Count()).ToArray();
        Assert.Equal([6110, 11370, 27145, 34174, 21201], histogram);
        Assert.Equal(874724710, events.Min(e => e.Timestamp).ToUnixTimeSeconds());
        Assert.Equal(893286638, events.Max(e => e.Timestamp).ToUnixTimeSeconds());
        Assert.True(reader.Report.IsClean);
    }

    [Fact]
    public void Ml100k_first_rating_line_maps_field_by_field()
    {
        var first = new MovieLens100kReader(TestData.Folder("ml-100k")).ReadEvents().First();
        Assert.Equal(new Event("196", "242", EventType.Rating, DateTimeOffset.FromUnixTimeSeconds(881250949), 3), first);
    }

    [Fact]
    public void Ml100k_items_decode_latin1_and_map_genres_and_attributes()
    {
        var items = new MovieLens100kReader(TestData.Folder("ml-100k")).ReadItems().ToDictionary(i => i.Id);
        Assert.Contains(items.Values, i => i.Title == "Misérables, Les (1995)");
        var toyStory = items["1"];
        Assert.Equal("Toy Story (1995)", toyStory.Title);
        Assert.Equal(["Animation", "Children's", "Comedy"], toyStory.Categories);
        Assert.True(toyStory.CategoriesAreFlat);
        Assert.Equal("01-Jan-1995", toyStory.Attributes["release_date"]);
        Assert.Equal("http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)", toyStory.Attributes["imdb_url"]);
        Assert.False(toyStory.Attributes.ContainsKey("video_release_date"));
    }

    [Fact]
    public void Ml100k_users_carry_demographics()
    {
        var user = new MovieLens100kReader(TestData.Folder("ml-100k")).ReadUsers().First();
        Assert.Equal(new User("1", new Dictionary<string, string>
        {
            ["age"] = "24", ["gender"] = "M", ["occupation"] = "technician", ["zip"] = "85711",
        }), user);
    }

    [Fact]
    public void MlLatestSmall_gives_100836_ratings_3683_tags_610_users_9742_items()
    {
        var reader = DatasetReaders.Open("movielens-latest", TestData.Folder("ml-latest-small"));
        var events = reader.ReadEvents().ToList();
        Assert.Equal(100_836, events.Count(e => e.Type == EventType.Rating));
        Assert.Equal(3_683, events.Count(e => e.Type == EventType.Tag));
        Assert.Equal(100_836 + 3_683, events.Count);
        Assert.All(events.Where(e => e.Type == EventType.Tag), e => Assert.False(string.IsNullOrWhiteSpace(e.Text)));
        Assert.Equal(610, reader.ReadUsers().Count());
        var items = reader.ReadItems().ToList();
        Assert.Equal(9_742, items.Count);
        Assert.Equal(1370, events.Count(e => e.Value == 0.5));
        Assert.Equal(8, items.Count(i => !i.Attributes.ContainsKey("tmdb_id")));
        Assert.True(reader.Report.IsClean);
    }

    [Fact]
    public void MlLatestSmall_reads_quoted_titles_genres_and_links()
    {
        var items = new MovieLensLatestReader(TestData.Folder("ml-latest-small")).ReadItems().ToDictionary(i => i.Id);
        Assert.Equal("American President, The (1995)", items["11"].Title); // quoted in the file: "American President, The (1995)"
        Assert.Equal(["Adventure", "Animation", "Children", "Comedy", "Fantasy"], items["1"].Categories);
        Assert.Equal("0114709", items["1"].Attributes["imdb_id"]);
        Assert.Equal("862", items["1"].Attributes["tmdb_id"]);
        Assert.Contains(items.Values, i => i.Categories.Count == 0); // "(no genres listed)"
    }

    [Fact]
    public void Ml1m_gives_1000209_pairs_6040_users_3883_items()
    {
        var reader = new MovieLens1mReader(TestData.Folder("ml-1m"));
        Assert.False(reader.HasRatings);
        var events = 0;
        var users = new HashSet<string>();
        var items = new HashSet<string>();
        foreach (var e in reader.ReadEvents())
        {
            events++;
            users.Add(e.UserId);
            items.Add(e.ItemId!);
            Assert.Equal(EventType.Click, e.Type);
            Assert.Equal(DateTimeOffset.UnixEpoch, e.Timestamp);
        }
        Assert.Equal(1_000_209, events);
        Assert.Equal(6_040, users.Count);
        Assert.Equal(3_706, items.Count);
        Assert.Equal(6_040, reader.ReadUsers().Count());
        Assert.Equal(3_883, reader.ReadItems().Count());
        Assert.True(reader.Report.IsClean);
    }

    [Fact]
    public void Ml1m_maps_user_codes_to_labels_and_decodes_latin1_titles()
    {
        var reader = new MovieLens1mReader(TestData.Folder("ml-1m"));
        var first = reader.ReadUsers().First(); // 1::F::1::10::48067
        Assert.Equal("F", first.Attributes["gender"]);
        Assert.Equal("Under 18", first.Attributes["age"]);
        Assert.Equal("K-12 student", first.Attributes["occupation"]);
        var titles = reader.ReadItems().Select(i => i.Title).ToList();
        Assert.Contains(titles, t => t.Contains("Misérables"));
        Assert.DoesNotContain(titles, t => t.Contains('\uFFFD'));
    }
}
