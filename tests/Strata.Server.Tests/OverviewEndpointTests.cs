using System.Net;
using System.Text.Json;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary><c>GET /overview</c> and <c>GET /taxonomy</c> on the shared ml-100k server, and their key rules on servers of their own.</summary>
[Collection(ServerCollection.Name)]
public sealed class OverviewEndpointTests(ServerFixture server)
{
    [Fact]
    public async Task Overview_counts_the_catalogue_the_log_and_the_events_this_server_committed()
    {
        var before = await (await server.Anonymous.GetAsync("/overview")).JsonAsync();
        var user = $"overview-{Guid.NewGuid():N}";
        var posted = await server.Writer.PostJsonAsync("/events", Wire.Events(
            Wire.Rating(user, "1", 5), Wire.Rating(user, "50", 4), Wire.Rating(user, "100", 5), Wire.Rating(user, "181", 3)));
        await posted.JsonAsync();

        // Aggregates only: readable without the key on a server with default settings.
        var overview = await (await server.Anonymous.GetAsync("/overview")).JsonAsync();

        var catalogue = overview.GetProperty("catalogue");
        Assert.True(catalogue.GetProperty("items").GetInt64() >= 1682);
        Assert.True(catalogue.GetProperty("users").GetInt64() >= 943);
        var events = overview.GetProperty("events");
        Assert.True(events.GetProperty("total").GetInt64() >= 100_004);
        Assert.True(events.GetProperty("byType").GetProperty("rating").GetInt64() >= 100_004);
        // Tests of one collection run one at a time, so nothing else committed between the two reads.
        Assert.Equal(4, events.GetProperty("committedSinceStart").GetInt64() - before.GetProperty("events").GetProperty("committedSinceStart").GetInt64());
        var minutes = events.GetProperty("minutes").EnumerateArray().Select(m => m.GetInt64()).ToArray();
        Assert.Equal(30, minutes.Length);
        Assert.True(minutes.Sum() >= 4, "the four events just committed are in the last 30 minutes");
        Assert.True(events.GetProperty("perMinute").GetDouble() >= 0);

        var model = overview.GetProperty("model");
        Assert.True(model.GetProperty("version").GetInt64() >= 1);
        Assert.Equal("ease", model.GetProperty("kind").GetString());
        Assert.Equal(8, model.GetProperty("macroNodes").GetInt32());
        Assert.True(model.GetProperty("logAt").GetInt64() >= model.GetProperty("fittedThrough").GetInt64());
        var refit = overview.GetProperty("refit");
        Assert.Contains(refit.GetProperty("state").GetString(), new[] { "idle", "refitting" });
        if (refit.GetProperty("state").GetString() == "idle")
        {
            // The fit that produced the serving version was timed.
            Assert.True(model.GetProperty("fitSeconds").GetDouble() > 0);
            Assert.NotEqual(JsonValueKind.Null, model.GetProperty("fittedAt").ValueKind);
        }
    }

    [Fact]
    public async Task Taxonomy_lists_every_node_with_its_size_and_popular_sample_items()
    {
        var taxonomy = await (await server.Anonymous.GetAsync("/taxonomy?samples=3")).JsonAsync();

        var macros = taxonomy.GetProperty("macro").EnumerateArray().ToList();
        Assert.Equal(8, macros.Count);
        Assert.Equal(taxonomy.GetProperty("items").GetInt32(), macros.Sum(m => m.GetProperty("size").GetInt32()));
        foreach (var macro in macros)
        {
            Assert.False(string.IsNullOrWhiteSpace(macro.GetProperty("label").GetString()));
            var mesos = macro.GetProperty("meso").EnumerateArray().ToList();
            Assert.NotEmpty(mesos);
            Assert.Equal(macro.GetProperty("size").GetInt32(), mesos.Sum(m => m.GetProperty("size").GetInt32()));
            foreach (var meso in mesos)
            {
                Assert.False(string.IsNullOrWhiteSpace(meso.GetProperty("label").GetString()));
                var samples = meso.GetProperty("samples").EnumerateArray().ToList();
                Assert.InRange(samples.Count, 1, 3);
                // Most popular first.
                var counts = samples.Select(s => s.GetProperty("events").GetInt32()).ToList();
                Assert.Equal(counts.OrderByDescending(c => c), counts);
            }
        }
    }

    [Fact]
    public async Task A_hidden_item_is_never_a_taxonomy_sample()
    {
        var before = await (await server.Anonymous.GetAsync("/taxonomy?samples=1")).JsonAsync();
        var sample = Samples(before).First();
        try
        {
            await (await server.Writer.PatchAsync($"/items/{sample}", JsonContent(new { hidden = true }))).JsonAsync();
            var after = await (await server.Anonymous.GetAsync("/taxonomy?samples=50")).JsonAsync();
            Assert.DoesNotContain(sample, Samples(after));
        }
        finally
        {
            await (await server.Writer.PatchAsync($"/items/{sample}", JsonContent(new { hidden = false }))).JsonAsync();
        }
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("51")]
    public async Task Taxonomy_refuses_a_bad_samples_count_naming_the_field(string samples)
    {
        var response = await server.Anonymous.GetAsync($"/taxonomy?samples={samples}");
        await response.AssertFieldProblemAsync("samples");
    }

    [Fact]
    public async Task When_reads_require_the_key_so_do_overview_and_taxonomy_and_without_a_model_the_taxonomy_is_not_ready()
    {
        var directory = TempDirectory.UntilExit();
        await using var app = StrataServer.Build(
            ["--urls", "http://127.0.0.1:0", $"--Strata:Database={Path.Combine(directory, "o.db")}", $"--Strata:ApiKey={TestData.ApiKey}", "--Strata:RequireApiKeyForReads=true"]);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        await (await client.GetAsync("/overview")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.GetAsync("/taxonomy")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        client.DefaultRequestHeaders.Add("X-Api-Key", TestData.ApiKey);
        var overview = await (await client.GetAsync("/overview")).JsonAsync();
        Assert.Equal(0, overview.GetProperty("catalogue").GetProperty("items").GetInt64());
        Assert.Equal(0, overview.GetProperty("events").GetProperty("total").GetInt64());
        Assert.Equal(JsonValueKind.Null, overview.GetProperty("model").ValueKind);
        await (await client.GetAsync("/taxonomy")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        await app.StopAsync();
    }

    private static List<string> Samples(JsonElement taxonomy) =>
        taxonomy.GetProperty("macro").EnumerateArray()
            .SelectMany(m => m.GetProperty("meso").EnumerateArray())
            .SelectMany(m => m.GetProperty("samples").EnumerateArray())
            .Select(s => s.GetProperty("itemId").GetString()!)
            .ToList();

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
