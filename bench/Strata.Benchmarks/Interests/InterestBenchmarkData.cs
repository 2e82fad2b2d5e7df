using Strata.Core;
using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Data;
using Strata.Interests.Taxonomies;

namespace Strata.Benchmarks.Interests;

/// <summary>
/// The ml-1m-sized workload of the profile benchmarks: the real 1,000,209 (user, movie) pairs, given increasing timestamps and
/// ratings 3–5 (all non-zero weights, so every event does the full update) from a seeded generator (the staged ml-1m has neither), over a taxonomy of the 3,883 movies built on seeded random
/// 384-dimensional unit vectors. Update cost depends on the tree's shape and width, not on what the vectors mean.
/// </summary>
internal static class InterestBenchmarkData
{
    public const int Dimensions = 384;
    public const int Ml1mPairs = 1_000_209;

    public static (EventTable Events, Taxonomy Taxonomy) Ml1m()
    {
        var reader = DatasetReaders.Open("movielens-1m", DataDirectory.Dataset("ml-1m"));
        var items = reader.ReadItems().ToList();
        var random = new Random(42);
        var vectors = new float[items.Count * Dimensions];
        for (int i = 0; i < vectors.Length; i++) vectors[i] = (float)(random.NextDouble() * 2 - 1);
        for (int i = 0; i < items.Count; i++) Core.Vectors.VectorMath.Normalize(vectors.AsSpan(i * Dimensions, Dimensions));
        var taxonomy = TaxonomyBuilder.Build(vectors, Dimensions, items, new TaxonomyOptions { MacroNodes = 20, Restarts = 1 });

        var builder = new EventTable.Builder(items: taxonomy.Items);
        long seconds = 956_703_932; // ml-1m's first rating time
        foreach (var e in reader.ReadEvents())
        {
            seconds += random.Next(0, 60);
            builder.Add(e.UserId, e.ItemId, EventType.Rating, random.Next(3, 6), seconds);
        }
        var events = builder.Build();
        if (events.Count != Ml1mPairs) throw new InvalidDataException($"read {events.Count} ml-1m pairs, expected {Ml1mPairs}");
        return (events, taxonomy);
    }
}
