using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata.Evaluation.TextQueries;

/// <summary>
/// A written cold-start query with the categories a right answer has: an item is relevant when it carries any of
/// <see cref="Genres"/> (or all of them when <see cref="All"/>). Genre names compare case-insensitively and ignore a
/// trailing "'s" (ml-100k's "Children's" is ml-latest's "Children").
/// </summary>
public sealed record TextQuery(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("genres")] IReadOnlyList<string> Genres,
    [property: JsonPropertyName("all")] bool All = false)
{
    /// <summary>Reads a JSON array of queries; a query without text or genres is an error naming its position.</summary>
    public static IReadOnlyList<TextQuery> Load(string path)
    {
        var queries = JsonSerializer.Deserialize<TextQuery[]>(File.ReadAllText(path))
            ?? throw new EvaluationException($"{path}: expected a JSON array of queries.");
        for (int q = 0; q < queries.Length; q++)
            if (string.IsNullOrWhiteSpace(queries[q].Text) || queries[q].Genres is not { Count: > 0 })
                throw new EvaluationException($"{path}: query {q + 1} needs a 'text' and at least one of 'genres'.");
        return queries;
    }

    /// <summary>True when <paramref name="categories"/> answer this query.</summary>
    public bool Matches(IReadOnlyList<string> categories)
    {
        bool Has(string genre) => categories.Any(c => string.Equals(Normalise(c), Normalise(genre), StringComparison.OrdinalIgnoreCase));
        return All ? Genres.All(Has) : Genres.Any(Has);
    }

    private static string Normalise(string genre) => genre.EndsWith("'s", StringComparison.Ordinal) ? genre[..^2] : genre;
}
