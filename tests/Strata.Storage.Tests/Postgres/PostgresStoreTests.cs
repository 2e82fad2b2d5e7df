using Strata.Core.Domain;
using Strata.Storage.Postgres;

namespace Strata.Storage.Tests.Postgres;

/// <summary>The store contract on a fresh PostgreSQL database per test, and what a shared server adds to it.</summary>
public sealed class PostgresStoreTests : StoreContract<PostgresStore>
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database = new();

    protected override PostgresStore Open() => PostgresStore.Open(_database.ConnectionString);

    protected override void DeleteStore() => _database.Dispose();

    /// <summary>The items i0…i9 the tests' events name (events may only name catalogue items).</summary>
    private Task SeedItemsAsync() => Store.UpsertItemsAsync(Enumerable.Range(0, 10).Select(n => Item.Create("i" + n, "Item " + n)));

    private static Event Rating(string user, string item, int minutes, string? key = null) =>
        new(user, item, EventType.Rating, T0.AddMinutes(minutes), 3, IdempotencyKey: key);

    [Fact]
    public void A_new_database_is_at_the_current_schema_version()
    {
        Assert.Equal(PostgresStore.SchemaVersion, _database.Scalar("SELECT version FROM schema_version"));
        Assert.Equal(1L, _database.Scalar("SELECT count(*) FROM schema_version"));
        Reopen();
        Assert.Equal(1L, _database.Scalar("SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public void A_database_from_a_newer_schema_is_refused()
    {
        _database.Scalar($"UPDATE schema_version SET version = {PostgresStore.SchemaVersion + 1}");

        var error = Assert.Throws<InvalidDataException>(() => PostgresStore.Open(_database.ConnectionString).Dispose());

        Assert.Contains("newer", error.Message);
        Assert.Contains(_database.Name, error.Message);
    }

    [Fact]
    public async Task Text_with_nul_and_the_escape_character_round_trips_and_plain_text_is_stored_as_it_is()
    {
        string[] awkward = ["a\0b", "\uFFFF", "\uFFFF0", "\0", "plain"];
        var items = awkward.Select((text, n) => new Item("i" + n, text, [text], [text], Item.Empty, Item.Empty)).ToList();
        // Event texts and keys may not hold control characters (EventRules); titles and categories may.
        var events = awkward.Where(text => !text.Contains('\0')).Select((text, n) => new Event("u" + n, "i" + n, EventType.Tag, T0, Text: text, IdempotencyKey: text)).ToList();
        await Store.UpsertItemsAsync(items);
        await Store.AppendAsync(events);
        Reopen();

        Assert.Equal(items, await Store.ReadItemsAsync().ToListAsync());
        Assert.Equal(events, await Store.ReadSinceAsync().Select(s => s.Event).ToListAsync());
        Assert.Equal(0, (await Store.AppendAsync(events)).Appended);
        Assert.Equal(3L, _database.Scalar("SELECT count(DISTINCT idempotency_key) FROM events"));
        Assert.Equal("plain", _database.Scalar("SELECT title FROM items WHERE external_id = 'i4'"));
    }

    [Fact]
    public async Task Concurrent_appends_from_two_stores_store_each_key_once_and_each_new_user_once()
    {
        await Store.UpsertItemsAsync(Enumerable.Range(0, 53).Select(n => Item.Create("item" + n, "Item " + n)));
        await using var other = PostgresStore.Open(_database.ConnectionString);
        IStore[] stores = [Store, other];
        // 8 writers, 30 batches of 10 events each, keys from a pool of 500: most keys are sent several times, often at once.
        var batches = Enumerable.Range(0, 8).Select(writer =>
        {
            var random = new Random(writer + 1);
            return Enumerable.Range(0, 30).Select(_ => Enumerable.Range(0, 10).Select(_ =>
            {
                var key = random.Next(500);
                return Rating("user" + key % 37, "item" + key % 53, key, "key-" + key);
            }).ToList()).ToList();
        }).ToList();

        var results = await Task.WhenAll(batches.Select(async (writes, writer) =>
        {
            var store = stores[writer % 2];
            var mine = new List<AppendResult>();
            foreach (var batch in writes) mine.Add(await store.AppendAsync(batch));
            return mine;
        }));

        var sent = batches.SelectMany(w => w).SelectMany(b => b).ToList();
        var distinctKeys = sent.Select(e => e.IdempotencyKey).Distinct().Count();
        var stored = await Store.ReadSinceAsync().ToListAsync();
        Assert.Equal(distinctKeys, stored.Count);
        Assert.Equal(distinctKeys, stored.Select(s => s.Event.IdempotencyKey).Distinct().Count());
        Assert.Equal(distinctKeys, results.SelectMany(r => r).Sum(r => r.Appended));
        Assert.Equal(sent.Count - distinctKeys, results.SelectMany(r => r).Sum(r => r.Duplicates));
        Assert.Equal(sent.Select(e => e.UserId).Distinct().Count(), (await Store.CountCatalogAsync()).Users);
        Assert.Equal(sent.Select(e => e.ItemId).Distinct().Count(), (await Store.CountCatalogAsync()).Items);
    }

    [Fact]
    public async Task A_reader_following_the_log_while_two_stores_append_misses_no_event()
    {
        await SeedItemsAsync();
        await using var other = PostgresStore.Open(_database.ConnectionString);
        using var appending = new CancellationTokenSource();
        var writers = new[] { Store, other }.Select((store, w) => Task.Run(async () =>
        {
            for (var n = 0; n < 150; n++) await store.AppendAsync([Rating("w" + w, "i" + n % 7, n), Rating("w" + w, "i" + n % 5, n)]);
        })).ToArray();
        var followed = new List<StoredEvent>();
        var follower = Task.Run(async () =>
        {
            // Like the server catching up after a refit: read what is after the last sequence seen, again and again.
            while (!appending.IsCancellationRequested)
                followed.AddRange(await Store.ReadSinceAsync(followed.Count == 0 ? 0 : followed[^1].Sequence).ToListAsync());
        });

        await Task.WhenAll(writers);
        await appending.CancelAsync();
        await follower;
        followed.AddRange(await Store.ReadSinceAsync(followed.Count == 0 ? 0 : followed[^1].Sequence).ToListAsync());

        Assert.Equal(await Store.ReadSinceAsync().Select(s => s.Sequence).ToListAsync(), followed.Select(s => s.Sequence));
        Assert.Equal(600, followed.Count);
    }

    [Fact]
    public async Task Appends_racing_erasures_from_another_store_leave_no_event_without_its_user_and_drop_none()
    {
        await SeedItemsAsync();
        await using var eraser = PostgresStore.Open(_database.ConnectionString);
        using var appending = new CancellationTokenSource();
        var erasures = Task.Run(async () =>
        {
            var erased = 0L;
            while (!appending.IsCancellationRequested) erased += await eraser.DeleteUserAsync("x");
            return erased;
        });

        var appended = new List<AppendResult>();
        for (var n = 0; n < 300; n++) appended.Add(await Store.AppendAsync([Rating("x", "i1", n), Rating("x", "i2", n), Rating("y", "i1", n)]));
        await appending.CancelAsync();
        var erased = await erasures + await Store.DeleteUserAsync("x");

        Assert.Equal(0, appended.Sum(r => r.Duplicates));
        Assert.Equal(0L, _database.Scalar("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = e.user_ref)"));
        Assert.Equal(appended.Sum(r => r.Appended), erased + (await Store.CountEventsAsync()).Total);
        Assert.Equal(300, await Store.ReadByUserAsync("y").CountAsync());
    }

    [Fact]
    public async Task An_import_that_fails_during_copy_is_never_visible_and_the_store_keeps_working()
    {
        await SeedItemsAsync();
        await Store.AppendAsync([Rating("u0", "i0", 0, "k0")]);
        var before = await Snapshot();
        await using var observer = PostgresStore.Open(_database.ConnectionString);
        var seenDuringCopy = -1L;

        IEnumerable<Event> Failing()
        {
            for (var n = 0; n < 100_000; n++) yield return Rating("u" + n % 101, "i" + n % 29, n, n % 3 == 0 ? "key-" + n : null);
            // Tens of thousands of rows have gone into the COPY by now (reading runs at most 5 chunks of 8,192 ahead):
            // another store must still see none of them.
            seenDuringCopy = observer.CountEventsAsync().GetAwaiter().GetResult().Total;
            throw new InvalidDataException("line 100001 is bad");
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Store.ImportAsync(new ImportSource([Item.Create("i0", "Renamed"), .. Enumerable.Range(10, 19).Select(n => Item.Create("i" + n, "Item " + n))], [User.Create("u1")], Failing())));

        Assert.Equal("line 100001 is bad", error.Message);
        Assert.Equal(1, seenDuringCopy);
        Assert.Equal(before, await Snapshot());
        // The pooled connection that carried the cancelled COPY is usable, and the key the import held is free.
        var after = await Store.AppendAsync([Rating("u1", "i1", 1, "key-0"), Rating("u1", "i1", 1, "k0")]);
        Assert.Equal((1, 1), (after.Appended, after.Duplicates));
    }

    [Fact]
    public async Task Erasing_a_user_vacuums_the_event_and_user_tables()
    {
        await SeedItemsAsync();
        await Store.AppendAsync([Rating("gone", "i1", 0, "gone-key"), Rating("kept", "i1", 1)]);
        var vacuums = VacuumCount();

        Assert.Equal(1, await Store.DeleteUserAsync("gone"));

        Assert.Equal(vacuums.Events + 1, VacuumCount().Events);
        Assert.Equal(vacuums.Users + 1, VacuumCount().Users);
        Assert.Equal(0L, _database.Scalar("SELECT count(*) FROM events WHERE idempotency_key = 'gone-key'"));
        Assert.Equal(0, await Store.DeleteUserAsync("never-there"));
        Assert.Equal(vacuums.Events + 1, VacuumCount().Events);
    }

    [Fact]
    public async Task Stores_open_a_postgres_url_and_a_connection_string_on_the_same_database()
    {
        await Store.UpsertItemsAsync([Item.Create("i1", "One")]);
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(_database.ConnectionString);
        var url = $"postgres://{Uri.EscapeDataString(settings.Username!)}:{Uri.EscapeDataString(settings.Password!)}@{settings.Host}:{settings.Port}/{settings.Database}";

        foreach (var location in new[] { url, _database.ConnectionString })
        {
            await using var store = Stores.Open(location);
            Assert.IsType<PostgresStore>(store);
            Assert.Equal(Item.Create("i1", "One"), await store.GetItemAsync("i1"));
        }
    }

    private (long Events, long Users) VacuumCount()
    {
        // A fresh connection per read: statistics are read as a snapshot per transaction.
        long Count(string table) => (long)_database.Scalar($"SELECT vacuum_count FROM pg_stat_user_tables WHERE relname = '{table}'")!;
        return (Count("events"), Count("users"));
    }
}
