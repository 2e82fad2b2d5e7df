using System.Text.Json.Nodes;
using Strata.Core.Domain;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Tests.Commands;

/// <summary>
/// A malformed line stops <c>strata import</c> with one line naming file, line and field, exit code 2, and a store
/// exactly as before; <c>--skip-invalid</c> imports the rest and reports what it skipped.
/// </summary>
public sealed class ImportBadInputTests : IDisposable
{
    private const int BadLine = 50_000;

    private readonly TempDirectory _directory = new();

    public ImportBadInputTests()
    {
        // MovieLens 100K with one rating on line 50,000 that is not a number: deep into the events, after items and users.
        Directory.CreateDirectory(DataFolder);
        foreach (var file in new[] { "u.item", "u.user" })
            File.Copy(Path.Combine(MovieLens100kImportFixture.DataFolder, file), Path.Combine(DataFolder, file));
        var ratings = File.ReadAllLines(Path.Combine(MovieLens100kImportFixture.DataFolder, "u.data"));
        var fields = ratings[BadLine - 1].Split('\t');
        fields[2] = "four";
        ratings[BadLine - 1] = string.Join('\t', fields);
        File.WriteAllLines(Path.Combine(DataFolder, "u.data"), ratings);
    }

    private string DataFolder => _directory.File("ml-100k-bad");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_malformed_line_fails_with_file_line_and_field_and_leaves_the_store_unchanged()
    {
        var database = _directory.File("existing.db");
        string before;
        await using (var store = SqliteStore.Open(database))
        {
            await store.UpsertItemsAsync([Item.Create("50", "Star Wars (1977)")]);
            await store.AppendAsync([new Event("1", "50", EventType.Rating, DateTimeOffset.UnixEpoch, 5, IdempotencyKey: "k1")]);
            before = await SnapshotAsync(store);
        }

        var (exitCode, stdout, stderr) = await StrataProcess.RunAsync("import", "--format", "movielens-100k", "--path", DataFolder, "--db", database, "--json");

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout);
        Assert.Equal($"strata import: u.data:{BadLine}: field 'rating': 'four' is not a number", stderr.TrimEnd());
        await using (var store = SqliteStore.Open(database))
            Assert.Equal(before, await SnapshotAsync(store));
    }

    [Fact]
    public async Task A_failed_import_into_a_new_file_leaves_no_file_behind()
    {
        var database = _directory.File("new.db");

        var (exitCode, _, _) = await StrataProcess.RunAsync("import", "--format", "movielens-100k", "--path", DataFolder, "--db", database);

        Assert.Equal(2, exitCode);
        Assert.Empty(Directory.GetFiles(_directory.Path, "new.db*"));
    }

    [Fact]
    public async Task Skip_invalid_imports_the_rest_and_reports_the_skipped_line()
    {
        var database = _directory.File("skip.db");

        var (exitCode, stdout, stderr) = await StrataProcess.RunAsync(
            "import", "--format", "movielens-100k", "--path", DataFolder, "--db", database, "--skip-invalid", "--json");

        Assert.True(exitCode == 0, stderr);
        var json = JsonNode.Parse(stdout)!.AsObject();
        Assert.Equal(99_999, (long)json["events"]!);
        Assert.Equal(1, (long)json["skipped"]!);
        Assert.Equal($"u.data:{BadLine}: field 'rating': 'four' is not a number", (string)json["problems"]![0]!);
    }

    [Fact]
    public async Task An_unknown_format_or_missing_folder_is_one_clear_line()
    {
        var (missingCode, _, missingError) = await StrataProcess.RunAsync("import", "--format", "jsonl", "--path", _directory.File("nowhere"), "--db", _directory.File("x.db"));
        var (formatCode, _, formatError) = await StrataProcess.RunAsync("import", "--format", "csv-ish", "--path", DataFolder, "--db", _directory.File("y.db"));
        var (nearCode, _, nearError) = await StrataProcess.RunAsync("import", "--format", "movielens100k", "--path", DataFolder, "--db", _directory.File("z.db"));

        Assert.Equal(2, missingCode);
        Assert.Matches("^strata import: .*nowhere: dataset folder not found$", missingError.TrimEnd());
        Assert.Equal(2, formatCode);
        Assert.Equal("strata import: unknown format 'csv-ish' (expected one of: movielens-100k, movielens-1m, movielens-latest, mind, amazon, jsonl)",
            formatError.TrimEnd());
        Assert.Equal(2, nearCode);
        Assert.StartsWith("strata import: unknown format 'movielens100k' (did you mean 'movielens-100k'? expected one of:", nearError);
        Assert.False(File.Exists(_directory.File("y.db")) || File.Exists(_directory.File("z.db")));
    }

    [Fact]
    public async Task Format_names_are_case_insensitive()
    {
        var database = _directory.File("cased.db");
        var (exitCode, stdout, stderr) = await StrataProcess.RunAsync(
            "import", "--format", "MovieLens-100K", "--path", DataFolder, "--db", database, "--skip-invalid", "--json");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(99_999, (long)JsonNode.Parse(stdout)!["events"]!);
    }

    [Fact]
    public async Task A_file_given_as_path_says_to_give_its_folder()
    {
        var file = Path.Combine(DataFolder, "u.data");
        var (exitCode, _, stderr) = await StrataProcess.RunAsync("import", "--format", "movielens-100k", "--path", file, "--db", _directory.File("f.db"));

        Assert.Equal(2, exitCode);
        Assert.Equal($"strata import: {file}: this is a file; give the dataset's folder, which holds it and its companion files (here: {DataFolder})", stderr.TrimEnd());
    }

    [Fact]
    public async Task A_command_line_that_does_not_parse_exits_2()
    {
        var (exitCode, _, stderr) = await StrataProcess.RunAsync("import", "--format", "jsonl");

        Assert.Equal(2, exitCode);
        Assert.Contains("--path", stderr);
    }

    /// <summary>Everything observable in the store as one comparable string.</summary>
    internal static async Task<string> SnapshotAsync(SqliteStore store)
    {
        var items = await store.ReadItemsAsync().Select(i => i.ToString()).ToListAsync();
        var events = await store.ReadSinceAsync().Select(s => $"{s.Sequence}:{s.Event}").ToListAsync();
        var counts = await store.CountEventsAsync();
        return $"{await store.CountCatalogAsync()}|{counts.Total}|{string.Join(",", items)}|{string.Join(",", events)}";
    }
}
