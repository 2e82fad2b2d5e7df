using Microsoft.Data.Sqlite;
using SQLitePCL;
using Strata.Core;
using Strata.Core.Domain;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Tests.Commands;

/// <summary>
/// An import killed with SIGKILL in the middle of its transaction leaves the store exactly as before and intact:
/// SQLite ignores an uncommitted WAL tail when the file is next opened.
/// </summary>
public sealed class ImportCrashTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Killing_an_import_mid_transaction_leaves_the_previous_content_and_an_intact_file()
    {
        var database = _directory.File("crash.db");
        string before;
        await using (var store = SqliteStore.Open(database))
        {
            await store.UpsertItemsAsync([Item.Create("1193", "One Flew Over the Cuckoo's Nest (1975)")]);
            await store.AppendAsync([new Event("1", "1193", EventType.Click, DateTimeOffset.UnixEpoch, IdempotencyKey: "before-crash")]);
            before = await ImportBadInputTests.SnapshotAsync(store);
        }

        using var child = StrataProcess.Start("import", "--format", "movielens-1m", "--path", DataDirectory.Dataset("ml-1m"), "--db", database, "--json");
        await WaitUntilWriteLockedAsync(database, child);
        // The lock is held from the first item to the commit of 1,000,209 events (seconds); kill well inside that window.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        if (child.HasExited) Assert.Fail("the import finished before it could be killed: " + await child.StandardError.ReadToEndAsync());
        child.Kill(entireProcessTree: true); // SIGKILL on Unix: no finally blocks, no rollback by the child
        await child.WaitForExitAsync();

        await using (var store = SqliteStore.Open(database))
            Assert.Equal(before, await ImportBadInputTests.SnapshotAsync(store));
        Assert.Equal("ok", IntegrityCheck(database));
    }

    /// <summary>Polls until another connection holds the write lock (the child's import transaction has begun).</summary>
    private static async Task WaitUntilWriteLockedAsync(string database, System.Diagnostics.Process child)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (child.HasExited) Assert.Fail("the import exited early: " + await child.StandardError.ReadToEndAsync());
            using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
            {
                connection.Open();
                raw.sqlite3_busy_timeout(connection.Handle, 0);
                var rc = raw.sqlite3_exec(connection.Handle, "BEGIN IMMEDIATE");
                if (rc == raw.SQLITE_BUSY) return;
                if (rc == raw.SQLITE_OK) raw.sqlite3_exec(connection.Handle, "ROLLBACK");
            }
            await Task.Delay(10);
        }
        Assert.Fail("the import never took the write lock");
    }

    private static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
