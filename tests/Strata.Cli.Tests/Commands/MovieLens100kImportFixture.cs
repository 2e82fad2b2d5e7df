using Strata.Core;

namespace Strata.Cli.Tests.Commands;

/// <summary>One <c>strata import --json</c> of the staged MovieLens 100K, shared by the tests that only read its store.</summary>
public sealed class MovieLens100kImportFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public string Database => _directory.File("ml-100k.db");

    public static string DataFolder => DataDirectory.Dataset("ml-100k");

    public (int ExitCode, string Stdout, string Stderr) Import { get; private set; }

    public async Task InitializeAsync() =>
        Import = await StrataProcess.RunAsync("import", "--format", "movielens-100k", "--path", DataFolder, "--db", Database, "--json");

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
