using System.Net;
using Microsoft.AspNetCore.Builder;
using Strata.Server.Tests.Infrastructure;
using Strata.Storage.Privacy;
using Strata.Storage.Sqlite;

namespace Strata.Server.Tests;

public sealed class SecurityTests
{
    [Fact]
    public void The_server_refuses_to_start_with_open_writes_unless_asked()
    {
        var directory = TempDirectory.UntilExit();
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
        var directory = TempDirectory.UntilExit();
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
        var directory = TempDirectory.UntilExit();
        var database = await TestData.ImportMovieLens100kAsync(directory);
        // A store of raw ids is refused under a key, with the command that converts it…
        var refused = Assert.Throws<ServerConfigurationException>(() => StrataServer.Build(TestData.ServerArguments(database), o => o.PseudonymKey = "pepper-for-tests"));
        Assert.Contains("strata pseudonymise", refused.Message);
        var pseudonyms = new Pseudonymizer("pepper-for-tests");
        await using (var store = SqliteStore.Open(database)) await store.PseudonymiseAsync(pseudonyms);
        // …after which the imported users are served by their real ids, and another key (or none) is refused.
        Assert.Throws<ServerConfigurationException>(() => StrataServer.Build(TestData.ServerArguments(database), o => o.PseudonymKey = "another-pepper"));
        Assert.Throws<ServerConfigurationException>(() => StrataServer.Build(TestData.ServerArguments(database)));
        await using var app = StrataServer.Build(TestData.ServerArguments(database), o => o.PseudonymKey = "pepper-for-tests");
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        client.DefaultRequestHeaders.Add("X-Api-Key", TestData.ApiKey);
        await ServerFixture.WaitReadyAsync(client);

        var imported = await (await client.GetAsync("/users/1/interests")).JsonAsync();
        Assert.Equal("1", imported.GetProperty("userId").GetString());

        const string user = "alice@example.org";
        const string key = "alice@example.org-order-50";
        const string query = "films alice@example.org searched for";
        await (await client.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, "50", 5, key), Wire.Rating(user, "181", 4),
            new { userId = user, type = "search", text = query }))).JsonAsync();
        // The key is recognised on a re-send although only its keyed hash is stored.
        Assert.Equal(1, (await (await client.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, "50", 5, key)))).JsonAsync()).GetProperty("duplicates").GetInt32());
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
        // Neither the id, nor the key built from it, nor the search text reach the files.
        Assert.Equal(-1, IndexOf(bytes, "alice@example.org"u8.ToArray()));
        Assert.Equal(-1, IndexOf(wal, "alice@example.org"u8.ToArray()));
        await using (var store = SqliteStore.Open(database))
        {
            var search = await store.ReadByUserAsync(pseudonyms.User(user)).SingleAsync(e => e.Event.Type == Strata.Core.Domain.EventType.Search);
            Assert.NotEqual(query, search.Event.Text);
            Assert.Equal(query, pseudonyms.RevealText(search.Event.Text!));
        }
    }

    [Fact]
    public async Task Reads_can_require_the_key_too()
    {
        var directory = TempDirectory.UntilExit();
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
