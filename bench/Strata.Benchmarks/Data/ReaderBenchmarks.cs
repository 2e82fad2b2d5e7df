using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Strata.Core;
using Strata.Data;

namespace Strata.Benchmarks.Data;

/// <summary>
/// Dataset reader throughput: parsing, validation (field counts, numbers, ranges, UTF-8) and reference checks, no store.
/// Times are per event (<c>OperationsPerInvoke</c>), so events/s = 1 / Mean. Each invocation opens a fresh reader, so the
/// one pass over the item and user files that builds the reference sets is included.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class ReaderBenchmarks
{
    private const int Ml1mPairs = 1_000_209;
    private const int Ml100kRatings = 100_000;
    private const int MlLatestSmallEvents = 100_836 + 3_683;

    [Benchmark(OperationsPerInvoke = Ml1mPairs)]
    public int Ml1m_pairs() => Count("movielens-1m", "ml-1m", Ml1mPairs);

    [Benchmark(OperationsPerInvoke = Ml100kRatings)]
    public int Ml100k_tab_separated_ratings() => Count("movielens-100k", "ml-100k", Ml100kRatings);

    [Benchmark(OperationsPerInvoke = MlLatestSmallEvents)]
    public int MlLatestSmall_csv_ratings_and_tags() => Count("movielens-latest", "ml-latest-small", MlLatestSmallEvents);

    private static int Count(string format, string dataset, int expected)
    {
        var events = 0;
        foreach (var _ in DatasetReaders.Open(format, DataDirectory.Dataset(dataset)).ReadEvents()) events++;
        return events == expected ? events : throw new InvalidDataException($"read {events} {dataset} events, expected {expected}");
    }
}
