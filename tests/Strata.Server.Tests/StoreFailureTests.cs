using System.Diagnostics;
using System.Net;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>
/// When the store cannot take writes the server says so: 503 with a problem type naming the cause, readiness reporting
/// it (and recovering by itself once writes work); a store that cannot be opened stops <c>strata serve</c> with one line.
/// </summary>
public sealed class StoreFailureTests
{
    [Fact]
    public async Task A_full_store_answers_503_store_full_and_readiness_reports_it()
    {
        var database = await TestData.ImportMovieLens100kAsync(TempDirectory.UntilExit());
        var storeBytes = new FileInfo(database).Length;
        // A size limit just above what the store holds: the first fit fits, then the log fills it.
        await using var server = await RunningServer.StartAsync([.. TestData.ServerArguments(database), "--Strata:Model:Kind=pop",
            $"--Strata:MaxStoreBytes={storeBytes + 512 * 1024}"]);

        // Fill it: batches of 500 events until one is refused, then smaller ones, until not even one event fits.
        HttpResponseMessage? refused = null;
        var sent = 0;
        foreach (var size in new[] { 500, 50, 5, 1 })
            for (int batch = 0; batch < 400; batch++)
            {
                var events = Enumerable.Range(0, size).Select(_ => Wire.Rating($"filler-{sent / 100}", (1 + sent % 1682).ToString(), 3, key: $"filler-{sent++}"));
                var response = await server.Client.PostJsonAsync("/events", Wire.Events([.. events]));
                if (response.StatusCode == HttpStatusCode.OK) continue;
                refused = response;
                break;
            }
        Assert.NotNull(refused);
        var problem = await refused.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("urn:strata:problem:store-full", problem.GetProperty("type").GetString());
        Assert.NotNull(refused.Headers.RetryAfter);

        var ready = await server.Client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("store-full", await ready.Content.ReadAsStringAsync());
        // Reads still answer from memory.
        await (await server.Client.GetAsync("/users/1/recommendations")).JsonAsync();
    }

    [Fact]
    public async Task Strata_serve_on_a_store_it_cannot_open_exits_2_with_one_line()
    {
        var directory = TempDirectory.UntilExit();
        var blocker = Path.Combine(directory, "a-file");
        await File.WriteAllTextAsync(blocker, "");
        var notAStore = Path.Combine(directory, "not-a-store.db");
        await File.WriteAllTextAsync(notAStore, new string('x', 4096));

        foreach (var (database, expected) in new[] { (Path.Combine(blocker, "s.db"), "cannot create its folder"), (notAStore, "not a Strata store") })
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "strata.dll"), "serve", "--db", database, "--urls", "http://127.0.0.1:0" })
                start.ArgumentList.Add(arg);
            start.Environment["STRATA_API_KEY"] = TestData.ApiKey;
            using var process = Process.Start(start)!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(2, process.ExitCode);
            Assert.StartsWith("strata serve: cannot open the store", error.Trim());
            Assert.Contains(expected, error);
            Assert.Single(error.Trim().Split('\n'));
        }
    }
}
