using System.Text.Json.Nodes;
using Strata.Core;

namespace Strata.Cli.Tests.Commands;

public sealed class QuickstartTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Quickstart_imports_ml100k_into_a_fresh_store_then_fits_and_explains_one_user()
    {
        var database = _directory.File("quick.db");
        await File.WriteAllTextAsync(database, "stale content that must be replaced");

        var (exitCode, stdout, stderr) = await StrataProcess.RunAsync("quickstart", "--data", DataDirectory.Resolve(), "--db", database);
        Assert.True(exitCode == 0, stderr);
        Assert.Contains("100,000", stdout);
        // The main job goes on past the import: a fitted taxonomy, user 1's interest tree, and explained recommendations.
        Assert.Contains("Taxonomy v1", stdout);
        Assert.Contains("User 1:", stdout);
        Assert.Contains("Recommendations for user 1", stdout);
        Assert.True(File.Exists(database.Replace(".db", ".vectors.db")), "the item vectors are cached beside the store");

        var (_, stats, _) = await StrataProcess.RunAsync("stats", "--db", database, "--json");
        var json = JsonNode.Parse(stats)!.AsObject();
        Assert.Equal((1682L, 943L, 100_000L), ((long)json["items"]!, (long)json["users"]!, (long)json["events"]!));
    }

    [Fact]
    public async Task Quickstart_without_the_dataset_says_where_to_get_it()
    {
        var (exitCode, _, stderr) = await StrataProcess.RunAsync("quickstart", "--data", _directory.Path, "--db", _directory.File("q.db"));

        Assert.Equal(1, exitCode);
        Assert.Contains("grouplens.org", stderr);
    }
}
