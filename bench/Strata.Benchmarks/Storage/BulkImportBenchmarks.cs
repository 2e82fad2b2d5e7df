using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using Strata.Core;
using Strata.Core.Domain;
using Strata.Data;
using Strata.Storage;
using Strata.Storage.Postgres;

namespace Strata.Benchmarks.Storage;

/// <summary>
/// Bulk import of MovieLens 1M's 1,000,209 (user, movie) pairs into a fresh store: one atomic transaction, durable
/// commit. SQLite: a new file (WAL, synchronous=FULL), read indexes built at the end. PostgreSQL: a new database on
/// the server named by <c>STRATA_TEST_POSTGRES</c> (start one with <c>.ci/postgres.sh start</c>), events by binary
/// COPY into a temporary table and then into the indexed log. Times are per event (<c>OperationsPerInvoke</c>),
/// so events/s = 1 / Mean.
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
    private readonly List<string> _databases = [];
    private string _folder = "";
    private List<Item> _items = [];
    private List<User> _users = [];
    private List<Event> _events = [];
    private string _location = "";

    [Params(StoreKind.Sqlite, StoreKind.Postgres)]
    public StoreKind Store { get; set; }

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

    /// <summary>A new file, or a new database on the server, for each import.</summary>
    [IterationSetup]
    public void FreshStore()
    {
        var name = "strata_bench_" + Guid.NewGuid().ToString("N");
        if (Store == StoreKind.Sqlite)
        {
            _location = Path.Combine(_directory, name + ".db");
            return;
        }
        Admin($"CREATE DATABASE {name}");
        _databases.Add(name);
        _location = new NpgsqlConnectionStringBuilder(Server()) { Database = name }.ConnectionString;
    }

    [Benchmark(OperationsPerInvoke = Ml1mEvents)]
    public async Task<long> Store_only()
    {
        await using var store = Stores.Open(_location);
        return Checked((await store.ImportAsync(new ImportSource(_items, _users, _events))).Events);
    }

    [Benchmark(OperationsPerInvoke = Ml1mEvents)]
    public async Task<long> Reader_and_store()
    {
        var reader = DatasetReaders.Open("movielens-1m", _folder);
        await using var store = Stores.Open(_location);
        return Checked((await store.ImportAsync(new ImportSource(reader.ReadItems(), reader.ReadUsers(), reader.ReadEvents()))).Events);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Directory.Delete(_directory, recursive: true);
        NpgsqlConnection.ClearAllPools();
        // Every store is closed and the pools are cleared; no FORCE, which may not stop an autovacuum worker (not our role).
        foreach (var name in _databases) Admin($"DROP DATABASE IF EXISTS {name}");
        _databases.Clear();
    }

    private static string Server() =>
        Environment.GetEnvironmentVariable("STRATA_TEST_POSTGRES") is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException("STRATA_TEST_POSTGRES is not set: start a server with `eval \"$(.ci/postgres.sh start)\"`.");

    private static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server()) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static long Checked(long events) =>
        events == Ml1mEvents ? events : throw new InvalidDataException($"imported {events} events, expected {Ml1mEvents}");
}
