using Strata.Core.Domain;
using Strata.Data.Parsing;

namespace Strata.Data.MovieLens;

/// <summary>
/// MovieLens 1M (GroupLens), all files <c>::</c>-separated. Mapping:
/// <list type="bullet">
/// <item><c>movies.dat</c> (ISO-8859-1, <c>id::title::genre|genre</c>) → items with the genres as flat categories.</item>
/// <item><c>users.dat</c> (<c>id::gender::age::occupation::zip</c>) → users with attributes <c>gender</c>, <c>age</c>
/// (the README's bucket label, e.g. "25-34"), <c>occupation</c> (the README's name for the code), <c>zip</c>.</item>
/// <item>Events: the original <c>ratings.dat</c> (<c>user::movie::rating::unix time</c>) if present → <see cref="EventType.Rating"/>
/// events; otherwise <c>user_item_pairs.dat</c> (<c>user::movie</c>, the staged copy that has neither ratings nor times)
/// → <see cref="EventType.Click"/> events at <see cref="DateTimeOffset.UnixEpoch"/>, the domain's marker for "time unknown".
/// File order follows the original ratings file (users ascending).</item>
/// </list>
/// Events naming a user or movie missing from <c>users.dat</c>/<c>movies.dat</c> are errors (skipped and counted with SkipInvalid).
/// </summary>
public sealed class MovieLens1mReader : DatasetReader
{
    /// <summary>Age bucket codes of <c>users.dat</c> and their labels (from the dataset README).</summary>
    public static readonly IReadOnlyDictionary<int, string> AgeBuckets = new Dictionary<int, string>
    {
        [1] = "Under 18", [18] = "18-24", [25] = "25-34", [35] = "35-44", [45] = "45-49", [50] = "50-55", [56] = "56+",
    };

    /// <summary>Occupation codes 0–20 of <c>users.dat</c> (from the dataset README).</summary>
    public static readonly string[] Occupations =
    [
        "other", "academic/educator", "artist", "clerical/admin", "college/grad student", "customer service",
        "doctor/health care", "executive/managerial", "farmer", "homemaker", "K-12 student", "lawyer", "programmer",
        "retired", "sales/marketing", "scientist", "self-employed", "technician/engineer", "tradesman/craftsman",
        "unemployed", "writer",
    ];

    private static readonly string[] MovieFields = ["movie id", "title", "genres"];
    private static readonly string[] UserFields = ["user id", "gender", "age", "occupation", "zip code"];
    private static readonly string[] PairFields = ["user id", "movie id"];

    private readonly StringPool _genreNames = new();

    public MovieLens1mReader(string folder, ReaderOptions? options = null) : base(folder, options)
    {
        RequiredFile("movies.dat");
        RequiredFile("users.dat");
        HasRatings = OptionalFile("ratings.dat") is not null;
        if (!HasRatings) RequiredFile("user_item_pairs.dat");
    }

    public override string Format => "movielens-1m";

    /// <summary>True when the original <c>ratings.dat</c> is present (rating events with times), false for the pairs file (clicks without times).</summary>
    public bool HasRatings { get; }

    private protected override IEnumerable<Item> ReadItems(ReadReport report) =>
        ParseDelimited(RequiredFile("movies.dat"), TextEncoding.Latin1, "::", MovieFields, report, fields =>
            new Item(fields.NumericId(0, Ids), fields.String(1).Trim(), MovieLensRecords.Genres(fields, 2, _genreNames),
                [], Item.Empty, Item.Empty, CategoriesAreFlat: true));

    private protected override IEnumerable<User> ReadUsers(ReadReport report) =>
        ParseDelimited(RequiredFile("users.dat"), TextEncoding.Utf8, "::", UserFields, report, fields =>
        {
            var gender = fields.String(1);
            if (gender is not ("M" or "F")) throw fields.Error(1, $"{Fields.Quote(gender)} is not M or F");
            if (!AgeBuckets.TryGetValue(fields.Int(2), out var age))
                throw fields.Error(2, $"{Fields.Quote(fields[2])} is not an age bucket ({string.Join(", ", AgeBuckets.Keys)})");
            var occupation = fields.Int(3);
            if (occupation < 0 || occupation >= Occupations.Length)
                throw fields.Error(3, $"{occupation} is not an occupation code (0–{Occupations.Length - 1})");
            return new User(fields.NumericId(0, Ids), MovieLensRecords.Attributes(
                ("gender", gender), ("age", age), ("occupation", Occupations[occupation]), ("zip", fields.String(4))));
        });

    private protected override IEnumerable<Event> ReadEvents(ReadReport report) => HasRatings
        ? ParseDelimited(RequiredFile("ratings.dat"), TextEncoding.Utf8, "::", MovieLensRecords.RatingFields, report,
            fields => Checked(fields, MovieLensRecords.Rating(fields, Ids, RatingScale.WholeStars)))
        : ParseDelimited(RequiredFile("user_item_pairs.dat"), TextEncoding.Utf8, "::", PairFields, report,
            fields => Checked(fields, new Event(fields.NumericId(0, Ids), fields.NumericId(1, Ids), EventType.Click, DateTimeOffset.UnixEpoch)));

    private Event Checked(Fields fields, Event e)
    {
        RequireKnownUser(fields, 0, e.UserId, "users.dat");
        RequireKnownItem(fields, 1, e.ItemId!, "movies.dat");
        return e;
    }
}
