using System.Text.Json.Nodes;

namespace Strata.Cli.Tests.Commands;

/// <summary><c>strata import --json</c> and <c>strata stats --json</c> on the staged MovieLens 100K give its official counts.</summary>
public sealed class ImportAndStatsTests(MovieLens100kImportFixture fixture) : IClassFixture<MovieLens100kImportFixture>
{
    [Fact]
    public void Import_json_prints_one_object_with_the_official_ml100k_counts()
    {
        var (exitCode, stdout, stderr) = fixture.Import;
        Assert.True(exitCode == 0, stderr);

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var json = JsonNode.Parse(Assert.Single(lines))!.AsObject();

        Assert.Equal(1682, (long)json["items"]!);
        Assert.Equal(943, (long)json["users"]!);
        Assert.Equal(100_000, (long)json["events"]!);
        Assert.Equal("""{"rating":100000}""", json["events_by_type"]!.ToJsonString());
        Assert.Equal(0, (long)json["skipped"]!);
        Assert.True((double)json["seconds"]! > 0);
        Assert.True((double)json["events_per_second"]! > 0);
    }

    [Fact]
    public async Task Stats_json_prints_the_store_counts_and_time_range()
    {
        var (exitCode, stdout, stderr) = await StrataProcess.RunAsync("stats", "--db", fixture.Database, "--json");
        Assert.True(exitCode == 0, stderr);

        var json = JsonNode.Parse(stdout)!.AsObject();

        Assert.Equal(1682, (long)json["items"]!);
        Assert.Equal(943, (long)json["users"]!);
        Assert.Equal(100_000, (long)json["events"]!);
        Assert.Equal("""{"rating":100000}""", json["events_by_type"]!.ToJsonString());
        // The data README: timestamps run from 874724710 to 893286638 (unix seconds).
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(874724710).UtcDateTime, DateTime.Parse((string)json["first_event"]!).ToUniversalTime());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(893286638).UtcDateTime, DateTime.Parse((string)json["last_event"]!).ToUniversalTime());
    }

    [Fact]
    public async Task Stats_of_a_missing_store_fails_with_one_line_and_creates_nothing()
    {
        using var directory = new TempDirectory();
        var missing = directory.File("typo.db");

        var (exitCode, stdout, stderr) = await StrataProcess.RunAsync("stats", "--db", missing);

        Assert.Equal(1, exitCode);
        Assert.Equal("", stdout);
        Assert.StartsWith("strata stats: ", Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.False(File.Exists(missing));
    }
}
