using Npgsql;

namespace Strata.Storage.Tests.Postgres;

/// <summary>
/// A fresh, empty database on the test server named by <c>STRATA_TEST_POSTGRES</c>, dropped (with any connection
/// still open to it) on dispose. Without the variable, creating one fails and says how to start a server: a test that
/// needs PostgreSQL must not pass, or skip unseen, when there is none.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    public const string ServerVariable = "STRATA_TEST_POSTGRES";

    private readonly string _server;

    public TestDatabase()
    {
        var server = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
            throw new InvalidOperationException(
                $"{ServerVariable} is not set, and this test needs a PostgreSQL server. From the repository root, run " +
                "`eval \"$(.ci/postgres.sh start)\"` (a throwaway server on 127.0.0.1:55432; needs Debian's postgresql " +
                "package) and run the tests again in that shell; `.ci/postgres.sh stop` removes it.");
        _server = new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString;
        Name = "strata_test_" + Guid.NewGuid().ToString("N");
        AdminExecute($"CREATE DATABASE {Name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;
    }

    public string Name { get; }

    /// <summary>Connects to this database (pooled, as a store does).</summary>
    public string ConnectionString { get; }

    /// <summary>Runs one statement on a new, unpooled connection to this database and returns its first value.</summary>
    public object? Scalar(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        try
        {
            // Without FORCE: PostgreSQL itself stops an autovacuum worker on the database, which FORCE may not (not our role).
            AdminExecute($"DROP DATABASE IF EXISTS {Name}");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
        {
            // A connection of ours is still open (a store a failed test did not close).
            AdminExecute($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
        }
    }

    private void AdminExecute(string sql)
    {
        using var connection = new NpgsqlConnection(_server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
