using System.Text.Json.Nodes;

namespace Strata.Cli.Tests.Commands;

/// <summary><c>strata eval</c> on any source and <c>--compare</c>, through the real command: errors are one line, exit code 2.</summary>
public sealed class EvalAnySourceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("unknown format 'parquet'", "--format", "parquet", "--path", ".")]
    [InlineData("unknown protocol 'leave-one-out'", "--protocol", "leave-one-out")]
    [InlineData("--format needs --path", "--format", "jsonl")]
    [InlineData("--dataset and --db name two sources", "--dataset", "ml-100k", "--db", "x.db")]
    [InlineData("empty test set", "--protocol", "random-80-20", "--relevant", "purchase", "--models", "pop", "--embedding-model", "none")]
    [InlineData("Strata:Evaluation:RelevantTypes: 'search' is not an interaction event type", "--relevant", "search")]
    public async Task Bad_requests_fail_with_one_line_and_exit_code_2(string message, params string[] args)
    {
        var (exitCode, _, stderr) = await StrataProcess.RunAsync(["eval", .. args]);
        Assert.Equal(2, exitCode);
        Assert.StartsWith("strata eval: ", stderr);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task Missing_files_are_named()
    {
        var store = _directory.File("missing.db");
        var (exitCode, _, stderr) = await StrataProcess.RunAsync("eval", "--db", store, "--models", "pop", "--embedding-model", "none");
        Assert.Equal(2, exitCode);
        Assert.Contains($"{store}: no such store", stderr);
        Assert.False(File.Exists(store));

        (exitCode, _, stderr) = await StrataProcess.RunAsync("eval", "--format", "jsonl", "--path", _directory.File("nowhere"));
        Assert.Equal(2, exitCode);
        Assert.Contains(_directory.File("nowhere"), stderr);

        (exitCode, _, stderr) = await StrataProcess.RunAsync("eval", "--compare", $"{_directory.File("a.json")},{_directory.File("b.json")}", "--embedding-model", "none");
        Assert.Equal(2, exitCode);
        Assert.Contains($"{_directory.File("a.json")}: no such settings file", stderr);
    }

    [Fact]
    public async Task Compare_of_two_identical_settings_files_reports_intervals_that_contain_zero()
    {
        var a = _directory.File("A.json");
        var b = _directory.File("B.json");
        foreach (var file in new[] { a, b })
            await File.WriteAllTextAsync(file, """{ "Strata": { "Model": { "Kind": "itemknn" } } }""");
        var report = _directory.File("compare.json");

        var (exitCode, stdout, stderr) = await StrataProcess.RunAsync("eval", "--compare", $"{a},{b}", "--protocol", "random-80-20",
            "--embedding-model", "none", "--resamples", "200", "--json", report);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("paired bootstrap", stdout);
        var comparison = JsonNode.Parse(await File.ReadAllTextAsync(report))!["comparison"]!;
        Assert.Equal(("A", "B"), ((string)comparison["a"]!, (string)comparison["b"]!));
        var metrics = comparison["metrics"]!.AsArray();
        Assert.Equal(7, metrics.Count);
        Assert.All(metrics, m => Assert.True((double)m!["ci_low"]! <= 0 && (double)m["ci_high"]! >= 0 && !(bool)m["excludes_zero"]!));
    }

    [Fact]
    public async Task A_bad_setting_in_a_compare_file_names_the_file_and_the_key()
    {
        var a = _directory.File("A.json");
        var b = _directory.File("B.json");
        await File.WriteAllTextAsync(a, """{ "Strata": { "Model": { "Kind": "pop" } } }""");
        await File.WriteAllTextAsync(b, """{ "Strata": { "Model": { "Kind": "magic" } } }""");

        var (exitCode, _, stderr) = await StrataProcess.RunAsync("eval", "--compare", $"{a},{b}", "--embedding-model", "none");

        Assert.Equal(2, exitCode);
        Assert.Contains($"{b}: Strata:Model:Kind is 'magic'", stderr);
    }
}
