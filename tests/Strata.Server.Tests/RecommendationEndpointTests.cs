using System.Net;
using System.Text.Json;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class RecommendationEndpointTests(ServerFixture server)
{
    private static List<string> Ids(JsonElement response) =>
        response.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!).ToList();

    [Fact]
    public async Task A_movielens_user_gets_n_unseen_items_each_explained_by_an_interest_path_and_their_own_events()
    {
        var response = await (await server.Writer.GetAsync("/users/1/recommendations?n=10")).JsonAsync();
        var ids = Ids(response);
        Assert.Equal(10, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        await using var store = server.OpenStore();
        var seen = new HashSet<string?>();
        await foreach (var e in store.ReadByUserAsync("1")) seen.Add(e.Event.ItemId!);
        foreach (var id in ids) Assert.DoesNotContain(id, seen);
        var explained = 0;
        foreach (var item in response.GetProperty("items").EnumerateArray())
        {
            var explanation = item.GetProperty("explanation");
            Assert.False(string.IsNullOrEmpty(explanation.GetProperty("macro").GetString()));
            Assert.False(string.IsNullOrEmpty(explanation.GetProperty("meso").GetString()));
            Assert.False(string.IsNullOrEmpty(explanation.GetProperty("reason").GetString()));
            foreach (var because in explanation.GetProperty("because").EnumerateArray())
            {
                // Evidence is the user's own history.
                Assert.Contains(because.GetProperty("itemId").GetString(), seen);
                explained++;
            }
        }
        Assert.True(explained > 0, "no recommendation named any of the user's events");
    }

    [Fact]
    public async Task Exclude_removes_items_and_diversity_spreads_the_list_across_interests()
    {
        var plain = Ids(await (await server.Writer.GetAsync("/users/7/recommendations?n=10&diversity=0")).JsonAsync());
        var excluded = Ids(await (await server.Writer.GetAsync($"/users/7/recommendations?n=10&diversity=0&exclude={plain[0]},{plain[1]}")).JsonAsync());
        Assert.DoesNotContain(plain[0], excluded);
        Assert.DoesNotContain(plain[1], excluded);
        Assert.Equal(plain[2], excluded[0]);

        static async Task<int> DistinctMesoAsync(HttpClient client, string diversity)
        {
            var response = await (await client.GetAsync($"/users/7/recommendations?n=20&diversity={diversity}")).JsonAsync();
            return response.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("explanation").GetProperty("meso").GetString()).Distinct().Count();
        }
        Assert.True(await DistinctMesoAsync(server.Writer, "1") >= await DistinctMesoAsync(server.Writer, "0"));
    }

    [Theory]
    [InlineData("n=0", "n")]
    [InlineData("n=100000", "n")]
    [InlineData("n=abc", "n")]
    [InlineData("diversity=1.5", "diversity")]
    [InlineData("diversity=-0.1", "diversity")]
    public async Task Invalid_parameters_are_400_naming_the_parameter(string query, string field)
    {
        await (await server.Writer.GetAsync($"/users/1/recommendations?{query}")).AssertFieldProblemAsync(field);
    }

    [Fact]
    public async Task Unknown_users_are_404()
    {
        await (await server.Writer.GetAsync("/users/nobody-ever/recommendations")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await server.Writer.GetAsync("/users/nobody-ever/interests")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_accepted_event_changes_the_next_recommendation()
    {
        var user = "live-" + Guid.NewGuid().ToString("N");
        // A few Star Wars-era sci-fi ratings, then what the server recommends.
        await (await server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, "50", 5), Wire.Rating(user, "181", 5), Wire.Rating(user, "172", 5)))).JsonAsync();
        var before = Ids(await (await server.Writer.GetAsync($"/users/{user}/recommendations?n=10&diversity=0")).JsonAsync());
        // Rating the top recommendation is acknowledged only once applied: it must leave the list at once.
        await (await server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, before[0], 5)))).JsonAsync();
        var after = Ids(await (await server.Writer.GetAsync($"/users/{user}/recommendations?n=10&diversity=0")).JsonAsync());
        Assert.DoesNotContain(before[0], after);
        Assert.NotEqual(before, after);
        var interests = await (await server.Writer.GetAsync($"/users/{user}/interests")).JsonAsync();
        Assert.Equal(4, interests.GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task A_session_without_user_id_gets_recommendations_excluding_its_items_and_nothing_is_stored()
    {
        var body = new { events = new[] { new { itemId = "50", type = "click" }, new { itemId = "172", type = "click" } }, n = 5 };
        var response = await (await server.Anonymous.PostJsonAsync("/recommendations/session", body)).JsonAsync();
        var ids = Ids(response);
        Assert.Equal(5, ids.Count);
        Assert.DoesNotContain("50", ids);
        Assert.DoesNotContain("172", ids);
        Assert.Equal(JsonValueKind.Null, response.GetProperty("userId").ValueKind);
        var bad = new { events = new[] { new { itemId = "50", type = "nope" } } };
        await (await server.Anonymous.PostJsonAsync("/recommendations/session", bad)).AssertFieldProblemAsync("events[0].type");
    }

    [Fact]
    public async Task Free_text_gives_cold_start_recommendations_that_match_its_meaning()
    {
        var response = await (await server.Anonymous.PostJsonAsync("/recommendations/text",
            new { text = "animated cartoon films for children", n = 10 })).JsonAsync();
        var items = response.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(10, items.Count);
        // ml-100k genres are in the titles' item text: most answers must be tagged Animation or Children's.
        var matching = 0;
        foreach (var item in items)
        {
            var stored = await (await server.Anonymous.GetAsync($"/items/{item.GetProperty("itemId").GetString()}")).JsonAsync();
            var categories = stored.GetProperty("item").GetProperty("categories").EnumerateArray().Select(c => c.GetString()).ToList();
            if (categories.Contains("Animation") || categories.Contains("Children's")) matching++;
        }
        Assert.True(matching >= 6, $"only {matching} of 10 cold-start items are animation or children's films");
        await (await server.Anonymous.PostJsonAsync("/recommendations/text", new { text = "  " })).AssertFieldProblemAsync("text");
    }

    [Fact]
    public async Task A_refit_swaps_in_a_new_version_while_every_request_is_answered_by_a_whole_model()
    {
        var before = (await (await server.Writer.GetAsync("/users/3/recommendations")).JsonAsync()).GetProperty("modelVersion").GetInt64();
        var refit = server.Writer.PostAsync("/admin/refit", null);
        var answered = 0;
        while (!refit.IsCompleted || answered == 0)
        {
            var response = await (await server.Writer.GetAsync("/users/3/recommendations?n=5")).JsonAsync();
            Assert.Equal(5, response.GetProperty("items").GetArrayLength());
            Assert.InRange(response.GetProperty("modelVersion").GetInt64(), before, before + 1);
            answered++;
        }
        var after = (await (await refit).JsonAsync()).GetProperty("modelVersion").GetInt64();
        Assert.True(after > before);
        var next = await (await server.Writer.GetAsync("/users/3/recommendations")).JsonAsync();
        Assert.Equal(after, next.GetProperty("modelVersion").GetInt64());
    }
}
