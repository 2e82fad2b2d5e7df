using Strata.Storage.Postgres;
using Strata.Storage.Sqlite;

namespace Strata.Storage.Tests;

public sealed class StoreLocationTests
{
    [Theory]
    [InlineData("strata.db")]
    [InlineData("/tmp/some dir/ml1m.db")]
    [InlineData("hosts.db")]
    public void A_path_is_a_sqlite_file(string location) =>
        Assert.Equal(new StoreLocation(StoreKind.Sqlite, Path.GetFullPath(location)), StoreLocation.Parse(location));

    [Fact]
    public void A_postgres_url_becomes_a_connection_string_with_its_escapes_undone()
    {
        var location = StoreLocation.Parse("postgresql://strata:p%40ss%3Bword@db.example:6543/events%20db?sslmode=require&Timeout=5");

        Assert.Equal(StoreKind.Postgres, location.Kind);
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(location.Target);
        Assert.Equal(("db.example", 6543, "strata", "p@ss;word", "events db"), (settings.Host, settings.Port, settings.Username, settings.Password, settings.Database));
        Assert.Equal((Npgsql.SslMode.Require, 5), (settings.SslMode, settings.Timeout));
        Assert.DoesNotContain("p@ss", location.ToString());
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=55432;Username=strata;Password=secret;Database=strata")]
    [InlineData("database=strata; host = db")]
    [InlineData("Server=db;Database=strata")]
    public void A_connection_string_naming_a_host_is_postgres(string location)
    {
        var parsed = StoreLocation.Parse(location);
        Assert.Equal(StoreKind.Postgres, parsed.Kind);
        Assert.Equal("strata", new Npgsql.NpgsqlConnectionStringBuilder(parsed.Target).Database);
        Assert.DoesNotContain("secret", parsed.ToString());
    }

    [Theory]
    [InlineData("postgres://user:secret@db/strata?no_such_option=1", "no_such_option")]
    [InlineData("Host=db;Colour=blue", "colour")]
    [InlineData("postgres://", "not a postgres://")]
    public void A_postgres_location_that_cannot_be_read_is_refused_naming_the_fault_and_not_the_password(string location, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => StoreLocation.Parse(location));
        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public async Task Stores_open_a_path_as_a_sqlite_file()
    {
        using var directory = new TempDirectory();
        await using (var store = Stores.Open(directory.File("a.db"))) Assert.IsType<SqliteStore>(store);
        Assert.True(File.Exists(directory.File("a.db")));
    }
}
