using System.Net;
using System.Net.Http.Json;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class ItemEndpointTests(ServerFixture server)
{
    private static object NewItems(params (string Id, string Title, string Description)[] items) => new
    {
        items = items.Select(i => new { id = i.Id, title = i.Title, categories = new[] { "Sci-Fi" }, text = new Dictionary<string, string> { ["description"] = i.Description } }),
    };

    [Fact]
    public async Task Put_items_stores_them_and_places_each_in_the_tree_from_its_text()
    {
        var body = NewItems(("new-space-1", "Starship Odyssey (2027)", "A crew of astronauts travels through a wormhole to a distant galaxy."));
        var result = await (await server.Writer.PutAsJsonAsync("/items", body)).JsonAsync();
        Assert.Equal(1, result.GetProperty("upserted").GetInt32());
        var placement = result.GetProperty("placements")[0];
        Assert.Equal("new-space-1", placement.GetProperty("itemId").GetString());
        Assert.False(string.IsNullOrEmpty(placement.GetProperty("meso").GetString()));

        var item = await (await server.Anonymous.GetAsync("/items/new-space-1")).JsonAsync();
        Assert.Equal("Starship Odyssey (2027)", item.GetProperty("item").GetProperty("title").GetString());
        Assert.Equal("A crew of astronauts travels through a wormhole to a distant galaxy.", item.GetProperty("item").GetProperty("text").GetProperty("description").GetString());
        Assert.Equal(placement.GetProperty("mesoId").GetInt32(), item.GetProperty("placement").GetProperty("mesoId").GetInt32());

        // Placed from text alone, it already has neighbours in meaning.
        var similar = await (await server.Anonymous.GetAsync("/items/new-space-1/similar?n=5")).JsonAsync();
        Assert.Equal(5, similar.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Put_items_requires_the_api_key()
    {
        var body = NewItems(("x", "X", "x"));
        await (await server.Anonymous.PutAsJsonAsync("/items", body)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var wrong = new HttpClient { BaseAddress = server.BaseAddress };
        wrong.DefaultRequestHeaders.Add("X-Api-Key", TestData.ApiKey + "x");
        await (await wrong.PutAsJsonAsync("/items", body)).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Put_items_names_the_invalid_field()
    {
        var missingTitle = new { items = new object[] { new { id = "ok", title = "Fine" }, new { id = "bad" } } };
        await (await server.Writer.PutAsJsonAsync("/items", missingTitle)).AssertFieldProblemAsync("items[1].title");
        var wrongType = """{"items":[{"id":"a","title":"A","categories":"not-a-list"}]}""";
        await (await server.Writer.PutAsync("/items", new StringContent(wrongType, System.Text.Encoding.UTF8, "application/json")))
            .AssertFieldProblemAsync("items[0].categories");
    }

    [Fact]
    public async Task Get_item_returns_the_stored_movielens_item_with_its_place()
    {
        var item = await (await server.Anonymous.GetAsync("/items/1")).JsonAsync();
        Assert.Equal("Toy Story (1995)", item.GetProperty("item").GetProperty("title").GetString());
        Assert.Contains("Animation", item.GetProperty("item").GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        Assert.False(string.IsNullOrEmpty(item.GetProperty("placement").GetProperty("macro").GetString()));
    }

    [Fact]
    public async Task Unknown_items_are_404_problems()
    {
        await (await server.Anonymous.GetAsync("/items/no-such-item")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await server.Anonymous.GetAsync("/items/no-such-item/similar")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Similar_items_exclude_the_item_itself_and_validate_n()
    {
        var similar = await (await server.Anonymous.GetAsync("/items/1/similar?n=7")).JsonAsync();
        var ids = similar.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()).ToList();
        Assert.Equal(7, ids.Count);
        Assert.DoesNotContain("1", ids);
        var scores = similar.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("score").GetSingle()).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        await (await server.Anonymous.GetAsync("/items/1/similar?n=0")).AssertFieldProblemAsync("n");
        await (await server.Anonymous.GetAsync("/items/1/similar?n=ten")).AssertFieldProblemAsync("n");
    }
}
