using Strata.Core.Domain;
using Strata.Data.Parsing;

namespace Strata.Data.MovieLens;

/// <summary>
/// MovieLens "latest" releases (e.g. ml-latest-small): RFC-4180 CSV with a header, UTF-8, CRLF. Mapping:
/// <list type="bullet">
/// <item><c>movies.csv</c> (<c>movieId,title,genres</c>) → items with the <c>|</c>-separated genres as flat categories
/// ("(no genres listed)" → none); <c>links.csv</c> (<c>movieId,imdbId,tmdbId</c>, optional) adds attributes
/// <c>imdb_id</c> and <c>tmdb_id</c> (empty ones left out). The links are held in memory, one entry per movie.</item>
/// <item><c>ratings.csv</c> (<c>userId,movieId,rating 0.5–5 in half stars,timestamp</c>) → <see cref="EventType.Rating"/> events,
/// then <c>tags.csv</c> (<c>userId,movieId,tag,timestamp</c>, optional) → <see cref="EventType.Tag"/> events with the tag as
/// <see cref="Event.Text"/>. Each file in its own order (ratings are sorted by user, then movie).</item>
/// <item>There is no user file: users are the distinct user ids of the ratings and tags, without attributes.</item>
/// </list>
/// Events naming a movie missing from <c>movies.csv</c> are errors (skipped and counted with SkipInvalid).
/// </summary>
public sealed class MovieLensLatestReader : DatasetReader
{
    private static readonly string[] MovieFields = ["movieId", "title", "genres"];
    private static readonly string[] LinkFields = ["movieId", "imdbId", "tmdbId"];
    private static readonly string[] RatingFields = ["userId", "movieId", "rating", "timestamp"];
    private static readonly string[] TagFields = ["userId", "movieId", "tag", "timestamp"];

    private readonly StringPool _genreNames = new();

    public MovieLensLatestReader(string folder, ReaderOptions? options = null) : base(folder, options)
    {
        RequiredFile("movies.csv");
        RequiredFile("ratings.csv");
    }

    public override string Format => "movielens-latest";

    private protected override IEnumerable<Item> ReadItems(ReadReport report)
    {
        var links = ReadLinks(report); // an iterator: runs on the first MoveNext, not at the call
        var items = ParseCsv(RequiredFile("movies.csv"), MovieFields, report, fields =>
        {
            var id = fields.NumericId(0, Ids);
            var attributes = links.TryGetValue(id, out var link)
                ? MovieLensRecords.Attributes(("imdb_id", link.Imdb), ("tmdb_id", link.Tmdb))
                : Item.Empty;
            return new Item(id, fields.String(1).Trim(), MovieLensRecords.Genres(fields, 2, _genreNames), [], Item.Empty,
                attributes, CategoriesAreFlat: true);
        });
        foreach (var item in items) yield return item;
    }

    private protected override IEnumerable<User> ReadUsers(ReadReport report) => DistinctUsers(ReadEvents(new ReadReport()));

    private protected override IEnumerable<Event> ReadEvents(ReadReport report)
    {
        var ratings = ParseCsv(RequiredFile("ratings.csv"), RatingFields, report, fields =>
            Checked(fields, MovieLensRecords.Rating(fields, Ids, RatingScale.HalfStars)));
        var tagsFile = OptionalFile("tags.csv");
        if (tagsFile is null) return ratings;
        var tags = ParseCsv(tagsFile, TagFields, report, fields =>
        {
            var tag = fields.String(2).Trim();
            if (tag.Length == 0) throw fields.Error(2, "is empty");
            return Checked(fields,
                new Event(fields.NumericId(0, Ids), fields.NumericId(1, Ids), EventType.Tag, fields.UnixTime(3), Text: tag));
        });
        return ratings.Concat(tags);
    }

    private Event Checked(Fields fields, Event e)
    {
        RequireKnownItem(fields, 1, e.ItemId!, "movies.csv");
        return e;
    }

    private Dictionary<string, (string Imdb, string Tmdb)> ReadLinks(ReadReport report)
    {
        var links = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        var path = OptionalFile("links.csv");
        if (path is null) return links;
        foreach (var (id, imdb, tmdb) in ParseCsv(path, LinkFields, report, fields =>
                 (fields.NumericId(0, Ids), OptionalDigits(fields, 1), OptionalDigits(fields, 2))))
            links[id] = (imdb, tmdb);
        return links;
    }

    private static string OptionalDigits(Fields fields, int index)
    {
        var text = fields[index].Trim();
        foreach (var c in text)
            if (!char.IsAsciiDigit(c)) throw fields.Error(index, $"{Fields.Quote(text)} is not a numeric id");
        return text.ToString();
    }
}
