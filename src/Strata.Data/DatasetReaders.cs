using Strata.Data.Amazon;
using Strata.Data.Generic;
using Strata.Data.Mind;
using Strata.Data.MovieLens;

namespace Strata.Data;

/// <summary>The registry of dataset formats: names for the CLI and the factory that opens a reader.</summary>
public static class DatasetReaders
{
    /// <summary>Every supported format name, as accepted by <see cref="Open"/> and <c>strata import --format</c>.
    /// <c>jsonl</c> is Strata's generic format (<see cref="GenericReader"/>), which also reads its CSV variant.</summary>
    public static IReadOnlyList<string> Formats { get; } =
        ["movielens-100k", "movielens-1m", "movielens-latest", "mind", "amazon", "jsonl"];

    /// <summary>Opens a reader for <paramref name="format"/> over the dataset folder <paramref name="path"/>.
    /// Opening checks that the required files exist; parsing happens while enumerating.</summary>
    /// <exception cref="ArgumentException">Unknown format.</exception>
    /// <exception cref="DataFormatException">A required file is missing.</exception>
    public static IDatasetReader Open(string format, string path, ReaderOptions? options = null)
    {
        options ??= ReaderOptions.Strict;
        return Normalize(format) switch
        {
            "movielens-100k" => new MovieLens100kReader(path, options),
            "movielens-1m" => new MovieLens1mReader(path, options),
            "movielens-latest" => new MovieLensLatestReader(path, options),
            "mind" => new MindReader(path, options),
            "amazon" => new AmazonReader(path, options),
            "jsonl" => new GenericReader(path, options),
            _ => throw new ArgumentException(UnknownFormat(format), nameof(format)),
        };
    }

    /// <summary>The format's canonical name (names are case-insensitive), or null when it is none of <see cref="Formats"/>.</summary>
    public static string? Canonical(string format) => Formats.FirstOrDefault(f => f == Normalize(format));

    /// <summary>"unknown format 'x'", the closest known name when one is near (edit distance on letters and digits), and every name.</summary>
    public static string UnknownFormat(string format)
    {
        var key = LettersAndDigits(format);
        var (closest, distance) = Formats.Select(f => (f, Distance(key, LettersAndDigits(f)))).MinBy(c => c.Item2);
        var suggestion = distance <= Math.Max(1, key.Length / 3) ? $"did you mean '{closest}'? " : "";
        return $"unknown format '{format}' ({suggestion}expected one of: {string.Join(", ", Formats)})";
    }

    private static string Normalize(string format) => format.Trim().ToLowerInvariant();

    private static string LettersAndDigits(string text) => new([.. text.ToLowerInvariant().Where(char.IsLetterOrDigit)]);

    /// <summary>Levenshtein distance (two rows).</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
