using Strata.Core.Domain;
using Strata.Data.Parsing;

namespace Strata.Data.MovieLens;

/// <summary>Record shapes shared by the MovieLens releases, whatever their separator.</summary>
internal static class MovieLensRecords
{
    /// <summary>Field names of a rating line: <c>user, item, rating, unix time</c> (u.data, ratings.dat, ratings.csv).</summary>
    public static readonly string[] RatingFields = ["user id", "item id", "rating", "timestamp"];

    /// <summary>A rating line as a <see cref="EventType.Rating"/> event.</summary>
    public static Event Rating(Fields fields, StringPool ids, RatingScale scale) =>
        new(fields.NumericId(0, ids), fields.NumericId(1, ids), EventType.Rating, fields.UnixTime(3),
            fields.Rating(2, scale));

    /// <summary>Splits a <c>|</c>-separated genre list; MovieLens writes "(no genres listed)" for none.</summary>
    public static IReadOnlyList<string> Genres(Fields fields, int index, StringPool names)
    {
        var text = fields[index].Trim();
        if (text.IsEmpty || text.SequenceEqual("(no genres listed)")) return [];
        var genres = new List<string>();
        foreach (var range in text.Split('|'))
        {
            var genre = text[range].Trim();
            if (genre.IsEmpty) throw fields.Error(index, $"{Fields.Quote(text)} has an empty genre");
            genres.Add(names.Intern(genre));
        }
        return genres;
    }

    /// <summary>An attribute dictionary without the empty values.</summary>
    public static IReadOnlyDictionary<string, string> Attributes(params (string Key, string Value)[] entries)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var (key, value) in entries)
            if (!string.IsNullOrWhiteSpace(value)) attributes[key] = value.Trim();
        return attributes.Count == 0 ? Item.Empty : attributes;
    }
}
