using System.Text.Json;
using Strata.Server.Serving;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>
/// What <c>GET /overview</c> says about refits, seen at each moment of one: a server over a new, empty store (its first fit
/// has nothing to fit), then a small catalogue and a refit held where it has read the log, then let go.
/// </summary>
public sealed class RefitStatusTests
{
    [Fact]
    public async Task Overview_reports_a_refit_while_it_runs_and_its_version_and_duration_once_it_serves()
    {
        var directory = TempDirectory.UntilExit();
        var gate = new HeldFit();
        await using var server = await RunningServer.StartAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Strata:Database={Path.Combine(directory, "refit.db")}",
            $"--Strata:ApiKey={TestData.ApiKey}",
            $"--Strata:Embeddings:VectorCachePath={Path.Combine(directory, "vectors.db")}",
            "--Strata:Taxonomy:MacroNodes=2", "--Strata:Taxonomy:MinMesoPerMacro=1", "--Strata:Taxonomy:MaxMesoPerMacro=2",
            "--Strata:Model:Kind=ease", "--Strata:Model:EaseLambda=10",
        ], services => gate.Install(services), waitReady: false);
        var client = server.Client;

        // Before any model: the overview still answers, with counts and no model.
        var empty = await OverviewAsync(client);
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("model").ValueKind);
        Assert.Equal(0, empty.GetProperty("catalogue").GetProperty("items").GetInt64());

        var items = Enumerable.Range(0, 12).Select(i => new { id = $"i{i}", title = i < 6 ? $"Space adventure {i}" : $"Courtroom drama {i}" }).ToArray();
        await (await client.PutAsync("/items", System.Net.Http.Json.JsonContent.Create(new { items }))).JsonAsync();
        var events = Enumerable.Range(0, 4).SelectMany(u => Enumerable.Range(0, 4).Select(k =>
            Wire.Rating($"u{u}", $"i{(u < 2 ? 0 : 6) + (u + k) % 6}", 5))).ToArray();
        await (await client.PostJsonAsync("/events", Wire.Events(events))).JsonAsync();

        gate.Arm();
        var refit = client.PostAsync("/admin/refit", null);
        await gate.ReachedAsync();
        var running = (await OverviewAsync(client)).GetProperty("refit");
        Assert.Equal("refitting", running.GetProperty("state").GetString());
        Assert.NotEqual(JsonValueKind.Null, running.GetProperty("startedAt").ValueKind);
        gate.Release();
        var version = (await (await refit).JsonAsync()).GetProperty("modelVersion").GetInt64();

        var done = await OverviewAsync(client);
        Assert.Equal("idle", done.GetProperty("refit").GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("refit").GetProperty("startedAt").ValueKind);
        var model = done.GetProperty("model");
        Assert.Equal(version, model.GetProperty("version").GetInt64());
        Assert.True(model.GetProperty("fitSeconds").GetDouble() > 0);
        Assert.Equal(done.GetProperty("refit").GetProperty("lastFinishedAt").GetDateTimeOffset(), model.GetProperty("fittedAt").GetDateTimeOffset());
        Assert.Equal(12, model.GetProperty("items").GetInt32());
        Assert.Equal(16, done.GetProperty("events").GetProperty("committedSinceStart").GetInt64());
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    private static async Task<JsonElement> OverviewAsync(HttpClient client) => await (await client.GetAsync("/overview")).JsonAsync();

    /// <summary>Holds the next fit at <see cref="FitCheckpoint.LogRead"/> once armed, until released.</summary>
    private sealed class HeldFit
    {
        private readonly SemaphoreSlim _reached = new(0);
        private readonly SemaphoreSlim _released = new(0);
        private int _armed;

        public void Install(IServiceProvider services) =>
            ((FitCheckpoint)services.GetService(typeof(FitCheckpoint))!).LogRead = async cancellationToken =>
            {
                if (Interlocked.Exchange(ref _armed, 0) == 0) return;
                _reached.Release();
                await _released.WaitAsync(cancellationToken);
            };

        public void Arm() => Volatile.Write(ref _armed, 1);

        public async Task ReachedAsync()
        {
            // A guard against hanging the run, not a measurement: a fit that never comes is a failure.
            if (!await _reached.WaitAsync(TimeSpan.FromMinutes(2))) throw new TimeoutException("no fit reached the checkpoint");
        }

        public void Release() => _released.Release();
    }
}
