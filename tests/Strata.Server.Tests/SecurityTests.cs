using System.Net;
using Microsoft.AspNetCore.Builder;
using Strata.Server.Tests.Infrastructure;
using Strata.Storage.Sqlite;

namespace Strata.Server.Tests;

public sealed class SecurityTests
{
    [Fact]
    public void The_server_refuses_to_start_with_open_writes_unless_asked()
    {
        var directory = TestData.NewTempDirectory();
        var args = new[] { "--urls", "http://127.0.0.1:0", $"--Strata:Database={Path.Combine(directory, "s.db")}" };
        var refused = Assert.Throws<ServerConfigurationException>(() => StrataServer.Build(args, o => o.ApiKey = null));
        Assert.Contains("STRATA_API_KEY", refused.Message);
        Assert.Contains("--allow-anonymous-writes", refused.Message);
        Assert.Throws<ServerConfigurationException>(() => StrataServer.Build(args, o => o.ApiKey = "short"));
        using var open = StrataServer.Build(args, o => { o.ApiKey = null; o.AllowAnonymousWrites = true; });
    }

    [Fact]
    public async Task Strata_serve_without_a_key_exits_with_one_clear_message()
    {
        var directory = TestData.NewTempDirectory();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "strata.dll"), "serve", "--db", Path.Combine(directory, "s.db"), "--urls", "http://127.0.0.1:0" })
            start.ArgumentList.Add(arg);
        start.Environment.Remove("STRATA_API_KEY");
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(2, process.ExitCode);
        Assert.StartsWith("strata serve: No API key", error.Trim());
        Assert.DoesNotContain("   at ", error); // no stack trace
    }

    [Fact]
    public async Task With_a_pseudonym_key_user_ids_never_reach_the_store_yet_the_api_works_by_the_real_id()
    {
        var directory = TestData.NewTempDirectory();
        var database = await TestData.ImportMovieLens100kAsync(directory);
        await using var app = StrataServer.Build(TestData.ServerArguments(database), o => o.PseudonymKey = "pepper-for-tests");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Add("X-Api-Key", TestData.ApiKey);
        await ServerFixture.WaitReadyAsync(client);

        const string user = "alice@example.org";
        await (await client.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, "50", 5), Wire.Rating(user, "181", 4)))).JsonAsync();
        var recommendations = await (await client.GetAsync($"/users/{Uri.EscapeDataString(user)}/recommendations")).JsonAsync();
        Assert.Equal(user, recommendations.GetProperty("userId").GetString());
        var interests = await (await client.GetAsync($"/users/{Uri.EscapeDataString(user)}/interests")).JsonAsync();
        Assert.Equal(2, interests.GetProperty("events").GetInt32());
        // The picker cannot list pseudonyms back as ids.
        Assert.Equal(0, (await (await client.GetAsync("/users")).JsonAsync()).GetProperty("users").GetArrayLength());
        await app.StopAsync();

        await using (var store = SqliteStore.Open(database))
        {
            Assert.Null(await store.GetUserAsync(user));
            await foreach (var _ in store.ReadByUserAsync(user)) Assert.Fail("the real user id is in the log");
        }
        var bytes = await File.ReadAllBytesAsync(database);
        var wal = File.Exists(database + "-wal") ? await File.ReadAllBytesAsync(database + "-wal") : [];
        Assert.Equal(-1, IndexOf(bytes, "alice@example.org"u8.ToArray()));
        Assert.Equal(-1, IndexOf(wal, "alice@example.org"u8.ToArray()));
    }

    [Fact]
    public async Task Reads_can_require_the_key_too()
    {
        var directory = TestData.NewTempDirectory();
        await using var app = StrataServer.Build(
            ["--urls", "http://127.0.0.1:0", $"--Strata:Database={Path.Combine(directory, "r.db")}", $"--Strata:ApiKey={TestData.ApiKey}", "--Strata:RequireApiKeyForReads=true"]);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        await (await client.GetAsync("/items/1")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Add("X-Api-Key", TestData.ApiKey);
        await (await client.GetAsync("/items/1")).AssertProblemAsync(HttpStatusCode.NotFound);
        // Health stays open for probes.
        Assert.Equal(HttpStatusCode.OK, (await new HttpClient { BaseAddress = client.BaseAddress }.GetAsync("/health/live")).StatusCode);
        await app.StopAsync();
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);
}
