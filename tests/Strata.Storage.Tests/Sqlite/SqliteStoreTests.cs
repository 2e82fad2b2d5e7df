using Microsoft.Data.Sqlite;
using Strata.Core.Domain;
using Strata.Storage.Sqlite;

namespace Strata.Storage.Tests.Sqlite;

public sealed class SqliteStoreTests : StoreContract<SqliteStore>
{
    private readonly TempDirectory _directory = new();

    private string DatabasePath => _directory.File("store.db");

    protected override SqliteStore Open() => SqliteStore.Open(DatabasePath);

    protected override void DeleteStore() => _directory.Dispose();

    [Fact]
    public void A_new_file_is_in_wal_mode_at_the_current_schema_version()
    {
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        connection.Open();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        Assert.Equal((long)SqliteStore.SchemaVersion, Scalar(connection, "PRAGMA user_version"));
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
    }

    [Fact]
    public void A_file_from_a_newer_schema_is_refused()
    {
        Store.Dispose();
        using (var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False"))
        {
            connection.Open();
            Scalar(connection, $"PRAGMA user_version = {SqliteStore.SchemaVersion + 1}");
        }

        var error = Assert.Throws<InvalidDataException>(() => SqliteStore.Open(DatabasePath).Dispose());
        Assert.Contains("newer", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_refused()
    {
        var path = Path.Combine(Path.GetDirectoryName(DatabasePath)!, "not-a-db.db");
        File.WriteAllText(path, "this is not a SQLite file, just some text that is long enough to look like a header........");
        var refused = Assert.Throws<StoreUnavailableException>(() => SqliteStore.Open(path).Dispose());
        Assert.Equal(StoreFailure.Corrupt, refused.Reason);
        Assert.Contains(path, refused.Message);
    }

    [Fact]
    public void A_store_whose_folder_cannot_be_made_is_refused_with_a_clear_reason()
    {
        var blocker = Path.Combine(Path.GetDirectoryName(DatabasePath)!, "a-file");
        File.WriteAllText(blocker, "");
        var refused = Assert.Throws<StoreUnavailableException>(() => SqliteStore.Open(Path.Combine(blocker, "store.db")).Dispose());
        Assert.Equal(StoreFailure.IoError, refused.Reason);
    }

    [Fact]
    public async Task Writes_past_the_size_limit_fail_as_store_full_and_leave_the_store_unchanged()
    {
        Store.Dispose();
        long stored = 0;
        using (var limited = SqliteStore.Open(DatabasePath, maxSizeBytes: 256 * 1024))
        {
            await limited.UpsertItemsAsync([Item.Create("i1", "One")]);
            StoreUnavailableException? full = null;
            for (int batch = 0; full is null && batch < 1_000; batch++)
            {
                var events = Enumerable.Range(0, 20).Select(n => new Event($"u{batch}-{n}", "i1", EventType.Tag, DateTimeOffset.UnixEpoch.AddDays(n),
                    Text: new string('x', 400))).ToList();
                try { stored += (await limited.AppendAsync(events)).Appended; }
                catch (StoreUnavailableException e) { full = e; }
            }
            Assert.Equal(StoreFailure.Full, full?.Reason);
            Assert.Equal(stored, (await limited.CountEventsAsync()).Total);
            await Assert.ThrowsAsync<StoreUnavailableException>(() => limited.ProbeWritableAsync());
        }
        // With room again (a larger limit), the probe says writes work and nothing acknowledged was lost.
        using var roomy = SqliteStore.Open(DatabasePath, maxSizeBytes: 4 * 1024 * 1024);
        await roomy.ProbeWritableAsync();
        Assert.Equal(stored, (await roomy.CountEventsAsync()).Total);
    }

    /// <summary>
    /// After an erase and a compaction, nothing that identified the user — the id, their idempotency keys, their search
    /// text — is left in any file of the store (database, WAL, shared memory).
    /// </summary>
    [Fact]
    public async Task An_erased_users_id_keys_and_texts_are_in_no_file_of_the_store()
    {
        const string user = "erase-me@example.org";
        const string key = "erase-me@example.org-order-7";
        const string text = "a very personal query about erase-me";
        var items = Enumerable.Range(0, 300).Select(i => Item.Create("i" + i, "Item " + i)).ToList();
        await Store.UpsertItemsAsync(items);
        // Enough events, among others' events, that the user's rows span pages and indexes.
        var events = new List<Event>();
        for (int i = 0; i < 300; i++)
        {
            events.Add(new Event(user, "i" + i, EventType.Click, DateTimeOffset.UnixEpoch.AddDays(i), IdempotencyKey: i == 7 ? key : $"{user}-{i}"));
            events.Add(new Event("other-" + i % 13, "i" + i, EventType.Rating, DateTimeOffset.UnixEpoch.AddDays(i), 4, IdempotencyKey: $"other-{i}"));
        }
        events.Add(new Event(user, null, EventType.Search, DateTimeOffset.UnixEpoch, Text: text));
        await Store.AppendAsync(events);
        Assert.True(Contains(user), "the test should see the id before the erase");

        Assert.Equal(301, await Store.DeleteUserAsync(user));
        await Store.CompactAsync();

        Assert.False(Contains(user), "the raw user id survived the erase");
        Assert.False(Contains(key), "an idempotency key survived the erase");
        Assert.False(Contains(text), "the search text survived the erase");
        Assert.Equal(300, (await Store.CountEventsAsync()).Total);
    }

    private bool Contains(string value)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(value);
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(DatabasePath)!))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            if (bytes.AsSpan().IndexOf(needle) >= 0) return true;
        }
        return false;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
