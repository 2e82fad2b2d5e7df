using CsCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Strata.Core.Domain;
using Strata.Server.Ingestion;
using Strata.Server.Tests.Infrastructure;
using Strata.Storage.Sqlite;

namespace Strata.Server.Tests;

/// <summary>The group-committing ingestor over a real SQLite file, with concurrent requests whose keys collide.</summary>
public sealed class EventIngestorTests : IAsyncLifetime
{
    private readonly string _directory = TempDirectory.UntilExit();
    private WebApplication _app = null!;
    private EventIngestor _ingestor = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = Path.Combine(_directory, "ingest.db");
        _app = StrataServer.Build(["--urls", "http://127.0.0.1:0", $"--Strata:Database={_database}", $"--Strata:ApiKey={TestData.ApiKey}"]);
        // Only the ingestor runs: no HTTP, no model (events still go through the same commit path).
        _ingestor = _app.Services.GetRequiredService<EventIngestor>();
        // Events may only name catalogue items.
        await _app.Services.GetRequiredService<SqliteStore>().UpsertItemsAsync(Enumerable.Range(1, 5).Select(i => Item.Create(i.ToString(), "Item " + i)));
        await _ingestor.StartAsync(CancellationToken.None);
    }

    private static readonly Gen<string?> Key = Gen.Frequency((1, Gen.Const((string?)null)), (3, Gen.Int[0, 12].Select(k => (string?)$"k{k}")));
    private static readonly Gen<string?[][]> Requests = Key.Array[1, 5].Array[1, 10];

    [Fact]
    public async Task Every_request_is_acknowledged_after_commit_and_each_key_is_stored_once_however_requests_interleave()
    {
        await Check.SampleAsync(Requests, async requests =>
        {
            var user = "prop-" + Guid.NewGuid().ToString("N");
            Event ToEvent(string? key, int i) => new(user, (1 + i).ToString(), EventType.Click, DateTimeOffset.UnixEpoch.AddSeconds(i), null, null, key is null ? null : user + key);
            var batches = requests.Select(keys => keys.Select(ToEvent).ToArray()).ToArray();

            var outcomes = await Task.WhenAll(batches.Select(b => _ingestor.AppendAsync(b, CancellationToken.None)));

            var keyed = requests.SelectMany(k => k).Where(k => k is not null).Distinct().Count();
            var keyless = requests.SelectMany(k => k).Count(k => k is null);
            for (int r = 0; r < batches.Length; r++) Assert.Equal(batches[r].Length, outcomes[r].Accepted + outcomes[r].Duplicates);
            Assert.Equal(keyed + keyless, outcomes.Sum(o => o.Accepted));

            await using var store = SqliteStore.Open(_database);
            var stored = new List<Event>();
            await foreach (var e in store.ReadByUserAsync(user)) stored.Add(e.Event);
            Assert.Equal(keyed + keyless, stored.Count);
            Assert.Equal(keyed, stored.Count(e => e.IdempotencyKey is not null));
            Assert.Equal(keyed, stored.Where(e => e.IdempotencyKey is not null).Select(e => e.IdempotencyKey).Distinct().Count());

            // Re-sending everything: keyed events are all duplicates now, keyless ones are new facts.
            var again = await Task.WhenAll(batches.Select(b => _ingestor.AppendAsync(b, CancellationToken.None)));
            Assert.Equal(keyless, again.Sum(o => o.Accepted));
            Assert.Equal(requests.SelectMany(k => k).Count(k => k is not null), again.Sum(o => o.Duplicates));
        }, iter: 40);
    }

    public async Task DisposeAsync()
    {
        await _ingestor.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
