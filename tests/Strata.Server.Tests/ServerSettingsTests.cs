using System.Net;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>A real server started with the settings of issue 17: allowed origins, a tight encoder rate limit, purchases re-recommendable.</summary>
public sealed class ConfiguredServer : IAsyncLifetime
{
    public const string Origin = "https://shop.example";

    private RunningServer _server = null!;

    /// <summary>A client that sends the API key.</summary>
    public HttpClient Client => _server.Client;

    public async Task InitializeAsync()
    {
        var database = await TestData.ImportMovieLens100kAsync(TempDirectory.UntilExit());
        _server = await RunningServer.StartAsync([.. TestData.ServerArguments(database),
            $"--Strata:Cors:Origins:0={Origin}", "--Strata:RateLimit:PermitLimit=3", "--Strata:RateLimit:Window=01:00:00",
            "--Strata:Recommendations:ExcludeSeen:purchase=false"]);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();
}

public sealed class ServerSettingsTests(ConfiguredServer configured) : IClassFixture<ConfiguredServer>
{
    private HttpClient Client => configured.Client;

    [Fact]
    public async Task Browsers_may_call_from_the_configured_origins_only()
    {
        foreach (var (origin, allowed) in new[] { (ConfiguredServer.Origin, true), ("https://evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/recommendations/text");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type,x-api-key");
            using var response = await Client.SendAsync(preflight);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
        }
        using var read = new HttpRequestMessage(HttpMethod.Get, "/items/50");
        read.Headers.Add("Origin", ConfiguredServer.Origin);
        using var answer = await Client.SendAsync(read);
        Assert.Equal(ConfiguredServer.Origin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task The_encoder_endpoints_are_rate_limited_per_client()
    {
        using var anonymous = new HttpClient { BaseAddress = Client.BaseAddress };
        var body = new { text = "space adventure" };
        for (int i = 0; i < 3; i++) await (await anonymous.PostJsonAsync("/recommendations/text", body)).JsonAsync();

        using var limited = await anonymous.PostJsonAsync("/recommendations/session", new { events = new[] { new { itemId = "50", type = "click" } } });
        var problem = await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("3 requests", problem.GetProperty("detail").GetString());
        // Another client (the API key's holder) has a budget of its own; other endpoints are not limited.
        await (await Client.PostJsonAsync("/recommendations/text", body)).JsonAsync();
        await (await anonymous.GetAsync("/items/50/similar")).JsonAsync();
    }

    [Fact]
    public async Task Purchased_items_may_come_back_while_other_seen_items_stay_out()
    {
        const string user = "consumables-buyer";
        await (await Client.PostJsonAsync("/events", Wire.Events(
            new { userId = user, itemId = "50", type = "purchase" }, new { userId = user, itemId = "181", type = "purchase" },
            new { userId = user, itemId = "172", type = "view" }))).JsonAsync();

        var items = (await (await Client.GetAsync($"/users/{user}/recommendations?n=200&diversity=0")).JsonAsync())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()).ToList();
        var strict = (await (await Client.GetAsync($"/users/{user}/recommendations?n=200&diversity=0&exclude_seen=true")).JsonAsync())
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()).ToList();

        Assert.Contains("50", items);
        Assert.Contains("181", items);
        Assert.DoesNotContain("172", items);
        Assert.Equal(items, strict);
    }

    [Fact]
    public async Task Deleting_a_fitted_item_takes_it_out_of_every_list_and_the_profiles_follow()
    {
        const string user = "fargo-fan";
        await (await Client.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, "100", 5), Wire.Rating(user, "50", 5)))).JsonAsync();
        Assert.Equal(2, (await (await Client.GetAsync($"/users/{user}/interests")).JsonAsync()).GetProperty("events").GetInt32());
        Assert.Contains("100", await IdsAsync("/popular?n=50"));

        var deleted = await (await Client.DeleteAsync("/items/100")).JsonAsync();

        Assert.True(deleted.GetProperty("eventsDeleted").GetInt64() > 500);
        // The profile was replayed from the log: only the rating of item 50 is left.
        Assert.Equal(1, (await (await Client.GetAsync($"/users/{user}/interests")).JsonAsync()).GetProperty("events").GetInt32());
        Assert.DoesNotContain("100", await IdsAsync("/popular?n=200"));
        Assert.DoesNotContain("100", await IdsAsync("/items/50/similar?n=200"));
        Assert.DoesNotContain("100", await IdsAsync("/users/1/recommendations?n=200&exclude_seen=false"));
        await (await Client.GetAsync("/items/100/similar")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.GetAsync("/items/100/events")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    private async Task<List<string>> IdsAsync(string path) =>
        (await (await Client.GetAsync(path)).JsonAsync()).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!).ToList();

    [Fact]
    public void A_bad_setting_stops_the_start_naming_its_key()
    {
        var database = Path.Combine(TempDirectory.UntilExit(), "strata.db");
        var unknownType = Assert.Throws<ServerConfigurationException>(() =>
            StrataServer.Build([.. TestData.ServerArguments(database), "--Strata:Recommendations:ExcludeSeen:teleport=false"]));
        var badOrigin = Assert.Throws<ServerConfigurationException>(() =>
            StrataServer.Build([.. TestData.ServerArguments(database), "--Strata:Cors:Origins:0=shop.example/path"]));
        Assert.Contains("Strata:Recommendations:ExcludeSeen:teleport", unknownType.Message);
        Assert.Contains("Strata:Cors:Origins", badOrigin.Message);
    }
}
