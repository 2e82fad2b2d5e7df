using System.Diagnostics;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Tests.Commands;

/// <summary>
/// Ctrl+C (SIGINT, which a terminal sends to its foreground job) and SIGTERM (what <c>docker stop</c> and systemd send) stop
/// <c>strata serve</c> even while its first fit is running, and the store it leaves opens whole.
/// </summary>
public sealed class ServeInterruptTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_stop_signal_during_the_first_fit_stops_serve_and_leaves_the_store_whole(string signal)
    {
        // GNU env --default-signal gives the child a terminal job's signal dispositions; Linux only.
        if (!OperatingSystem.IsLinux()) return;
        using var directory = new TempDirectory();
        var database = directory.File("serve.db");
        var import = await StrataProcess.RunAsync("import", "--format", "movielens-100k", "--path", MovieLens100kImportFixture.DataFolder, "--db", database, "--json");
        Assert.Equal(0, import.ExitCode);

        using var serve = StrataProcess.StartAsForegroundJob(new Dictionary<string, string>
        {
            ["STRATA_API_KEY"] = "interrupt-key-0123456789abcdef",
            // The full model: its fit runs long enough to be interrupted in the middle.
            ["Strata__Model__Kind"] = "strata",
            ["Strata__Embeddings__VectorCachePath"] = Path.Combine(AppContext.BaseDirectory, "strata-test-vectors.db"),
        }, "serve", "--db", database, "--urls", "http://127.0.0.1:0");
        var stderr = serve.StandardError.ReadToEndAsync();
        // Wait until the log says the model is being fitted.
        string? line;
        while ((line = await serve.StandardOutput.ReadLineAsync()) is not null && !line.Contains("fitting strata", StringComparison.Ordinal)) { }
        Assert.NotNull(line);
        var drain = serve.StandardOutput.ReadToEndAsync();

        using (var kill = Process.Start("kill", [$"-{signal}", serve.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
        // A guard against a server that never stops, not a timing bar: a fit on a loaded 2-core host winds down slowly.
        using var patience = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await serve.WaitForExitAsync(patience.Token);
        var output = await drain;
        Assert.Contains("Application is shutting down", output);
        Assert.Equal("", (await stderr).Trim());

        await using var store = SqliteStore.Open(database);
        Assert.Equal(100_000, (await store.CountEventsAsync()).Total);
    }
}
