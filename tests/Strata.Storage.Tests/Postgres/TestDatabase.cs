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
        var server = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } named ? named : LocalServer.Value;
        _server = new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString;
        Name = "strata_test_" + Guid.NewGuid().ToString("N");
        AdminExecute($"CREATE DATABASE {Name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = Name }.ConnectionString;
    }

    /// <summary>
    /// Without <c>STRATA_TEST_POSTGRES</c>, the repository's throwaway server (<c>.ci/postgres.sh start</c>: 127.0.0.1:55432,
    /// started once and reused), so the README's test command works alone wherever Debian's postgresql package is installed.
    /// </summary>
    private static readonly Lazy<string> LocalServer = new(StartLocalServer);

    private static string StartLocalServer()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, ".ci", "postgres.sh"))) directory = directory.Parent;
        if (directory is null) throw new InvalidOperationException($"{ServerVariable} is not set and .ci/postgres.sh was not found above {AppContext.BaseDirectory}.");
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory.FullName };
        start.ArgumentList.Add(".ci/postgres.sh");
        start.ArgumentList.Add("start");
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        const string prefix = "export " + ServerVariable + "='";
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException(
                $"{ServerVariable} is not set and `.ci/postgres.sh start` could not start a PostgreSQL server (exit {process.ExitCode}): " +
                $"{error.Trim()} — install Debian's postgresql package (.ci/run does), or point {ServerVariable} at a server.");
        return line[prefix.Length..].TrimEnd('\'', '\r');
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
