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
        return format.Trim().ToLowerInvariant() switch
        {
            "movielens-100k" => new MovieLens100kReader(path, options),
            "movielens-1m" => new MovieLens1mReader(path, options),
            "movielens-latest" => new MovieLensLatestReader(path, options),
            "mind" => new MindReader(path, options),
            "amazon" => new AmazonReader(path, options),
            "jsonl" => new GenericReader(path, options),
            _ => throw new ArgumentException(
                $"unknown format '{format}' (expected one of: {string.Join(", ", Formats)})", nameof(format)),
        };
    }
}
