using Microsoft.Data.Sqlite;
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
        Assert.Throws<SqliteException>(() => SqliteStore.Open(path).Dispose());
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
