using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Strata.Core;
using Strata.Core.Domain;
using Strata.Data;
using Strata.Storage;
using Strata.Storage.Sqlite;

namespace Strata.Benchmarks.Storage;

/// <summary>
/// Bulk import of MovieLens 1M's 1,000,209 (user, movie) pairs into a fresh SQLite store: one atomic transaction,
/// durable commit (WAL, synchronous=FULL), read indexes built at the end. Times are per event
/// (<c>OperationsPerInvoke</c>), so events/s = 1 / Mean.
/// <list type="bullet">
/// <item><see cref="Store_only"/>: the dataset is parsed once beforehand; measures the store alone.</item>
/// <item><see cref="Reader_and_store"/>: parsing the files too, i.e. what <c>strata import --format movielens-1m</c> does.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class BulkImportBenchmarks
{
    private const int Ml1mEvents = 1_000_209;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "strata-bench-" + Guid.NewGuid().ToString("N"));
    private string _folder = "";
    private List<Item> _items = [];
    private List<User> _users = [];
    private List<Event> _events = [];
    private string _database = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = DataDirectory.Dataset("ml-1m");
        var reader = DatasetReaders.Open("movielens-1m", _folder);
        _items = reader.ReadItems().ToList();
        _users = reader.ReadUsers().ToList();
        _events = reader.ReadEvents().ToList();
        if (_events.Count != Ml1mEvents) throw new InvalidDataException($"expected {Ml1mEvents} ml-1m events, read {_events.Count}");
        Directory.CreateDirectory(_directory);
    }

    [IterationSetup]
    public void FreshFile() => _database = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".db");

    [Benchmark(OperationsPerInvoke = Ml1mEvents)]
    public async Task<long> Store_only()
    {
        await using var store = SqliteStore.Open(_database);
        return Checked((await store.ImportAsync(new ImportSource(_items, _users, _events))).Events);
    }

    [Benchmark(OperationsPerInvoke = Ml1mEvents)]
    public async Task<long> Reader_and_store()
    {
        var reader = DatasetReaders.Open("movielens-1m", _folder);
        await using var store = SqliteStore.Open(_database);
        return Checked((await store.ImportAsync(new ImportSource(reader.ReadItems(), reader.ReadUsers(), reader.ReadEvents()))).Events);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    private static long Checked(long events) =>
        events == Ml1mEvents ? events : throw new InvalidDataException($"imported {events} events, expected {Ml1mEvents}");
}
