using Strata.Core.Domain;
using Strata.Data.Parsing;

namespace Strata.Data.MovieLens;

/// <summary>
/// MovieLens 100K (GroupLens). Mapping:
/// <list type="bullet">
/// <item><c>u.data</c> (tab-separated <c>user, item, rating 1–5, unix time</c>) → <see cref="EventType.Rating"/> events in file order (not time order).</item>
/// <item><c>u.item</c> (ISO-8859-1, 24 <c>|</c>-separated fields) → items: the 19 genre flags become flat categories
/// (<see cref="Item.CategoriesAreFlat"/>), release date, video release date and IMDb URL become attributes
/// <c>release_date</c>, <c>video_release_date</c>, <c>imdb_url</c> (empty ones left out).</item>
/// <item><c>u.user</c> (<c>id|age|gender|occupation|zip</c>) → users with attributes <c>age</c>, <c>gender</c>, <c>occupation</c>, <c>zip</c>.</item>
/// </list>
/// Ratings naming a user or item missing from <c>u.user</c>/<c>u.item</c> are errors (skipped and counted with SkipInvalid).
/// </summary>
public sealed class MovieLens100kReader : DatasetReader
{
    /// <summary>Genre flag columns of <c>u.item</c>, in order (as listed in <c>u.genre</c>).</summary>
    public static readonly string[] Genres =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
        "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    private static readonly string[] ItemFields =
        ["movie id", "title", "release date", "video release date", "IMDb URL", .. Genres];

    private static readonly string[] UserFields = ["user id", "age", "gender", "occupation", "zip code"];

    public MovieLens100kReader(string folder, ReaderOptions? options = null) : base(folder, options)
    {
        RequiredFile("u.data");
        RequiredFile("u.item");
        RequiredFile("u.user");
    }

    public override string Format => "movielens-100k";

    private protected override IEnumerable<Item> ReadItems(ReadReport report) =>
        ParseDelimited(RequiredFile("u.item"), TextEncoding.Latin1, "|", ItemFields, report, fields =>
        {
            var genres = new List<string>();
            for (var g = 0; g < Genres.Length; g++)
            {
                var flag = fields[5 + g];
                if (flag.SequenceEqual("1")) genres.Add(Genres[g]);
                else if (!flag.SequenceEqual("0")) throw fields.Error(5 + g, $"{Fields.Quote(flag)} is not a 0/1 genre flag");
            }
            var title = fields.String(1).Trim();
            return new Item(fields.NumericId(0, Ids), title, genres, [], Item.Empty,
                MovieLensRecords.Attributes(
                    ("release_date", fields.String(2)), ("video_release_date", fields.String(3)), ("imdb_url", fields.String(4))),
                CategoriesAreFlat: true);
        });

    private protected override IEnumerable<User> ReadUsers(ReadReport report) =>
        ParseDelimited(RequiredFile("u.user"), TextEncoding.Utf8, "|", UserFields, report, fields =>
        {
            var age = fields.Int(1);
            if (age is < 1 or > 120) throw fields.Error(1, $"{age} is not a plausible age");
            var gender = fields.String(2);
            if (gender is not ("M" or "F")) throw fields.Error(2, $"{Fields.Quote(gender)} is not M or F");
            return new User(fields.NumericId(0, Ids), MovieLensRecords.Attributes(
                ("age", fields.String(1)), ("gender", gender), ("occupation", fields.String(3)), ("zip", fields.String(4))));
        });

    private protected override IEnumerable<Event> ReadEvents(ReadReport report) =>
        ParseDelimited(RequiredFile("u.data"), TextEncoding.Utf8, "\t", MovieLensRecords.RatingFields, report, fields =>
        {
            var rating = MovieLensRecords.Rating(fields, Ids, RatingScale.WholeStars);
            RequireKnownUser(fields, 0, rating.UserId, "u.user");
            RequireKnownItem(fields, 1, rating.ItemId!, "u.item");
            return rating;
        });
}
