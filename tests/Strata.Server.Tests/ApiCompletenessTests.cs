using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>
/// Issue 17's endpoints against the shared real server (ml-100k on 127.0.0.1): success, bad input as an RFC 7807 problem
/// naming the field, and the API key where the endpoint needs it. Each test works on users and items of its own.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class ApiCompletenessTests(ServerFixture server)
{
    private static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    private static List<string> Ids(JsonElement list, string property = "items", string id = "itemId") =>
        list.GetProperty(property).EnumerateArray().Select(e => e.GetProperty(id).GetString()!).ToList();

    private async Task PutItemAsync(string id, string title, params string[] categories) =>
        await (await server.Writer.PutAsJsonAsync("/items", new { items = new[] { new { id, title, categories } } })).JsonAsync();

    [Fact]
    public async Task Items_page_through_the_whole_catalogue_once()
    {
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await server.Anonymous.GetAsync("/items?n=400" + (cursor is null ? "" : "&cursor=" + cursor))).JsonAsync();
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("item").GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), Enumerable.Range(1, 1682).Select(i => i.ToString()).ToHashSet());
        await (await server.Anonymous.GetAsync("/items?cursor=%%%")).AssertFieldProblemAsync("cursor");
        await (await server.Anonymous.GetAsync("/items?n=0")).AssertFieldProblemAsync("n");
    }

    [Fact]
    public async Task Patch_changes_only_the_fields_sent_and_hides_an_item()
    {
        var id = Unique("patch");
        await (await server.Writer.PutAsJsonAsync("/items", new { items = new[] { new { id, title = "Old title", categories = new[] { "Drama" }, tags = new[] { "kept" } } } })).JsonAsync();

        var patched = await (await server.Writer.PatchAsJsonAsync($"/items/{id}", new { title = "New title", attributes = new { year = "2024" } })).JsonAsync();
        var hidden = await (await server.Writer.PatchAsJsonAsync($"/items/{id}", new { hidden = true })).JsonAsync();
        var read = await (await server.Anonymous.GetAsync($"/items/{id}")).JsonAsync();

        Assert.Equal("New title", patched.GetProperty("item").GetProperty("title").GetString());
        Assert.Equal("kept", read.GetProperty("item").GetProperty("tags")[0].GetString());
        Assert.Equal("Drama", read.GetProperty("item").GetProperty("categories")[0].GetString());
        Assert.Equal("2024", read.GetProperty("item").GetProperty("attributes").GetProperty("year").GetString());
        Assert.True(hidden.GetProperty("hidden").GetBoolean());
        Assert.True(read.GetProperty("hidden").GetBoolean());

        await (await server.Writer.PatchAsJsonAsync($"/items/{id}", new { title = " " })).AssertFieldProblemAsync("title");
        await (await server.Writer.PatchAsync($"/items/{id}", new StringContent("""{"categories":"Drama"}""", System.Text.Encoding.UTF8, "application/json")))
            .AssertFieldProblemAsync("categories");
        await (await server.Writer.PatchAsJsonAsync("/items/no-such-item", new { hidden = true })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await server.Anonymous.PatchAsJsonAsync($"/items/{id}", new { hidden = false })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.True((await (await server.Anonymous.GetAsync($"/items/{id}")).JsonAsync()).GetProperty("hidden").GetBoolean());
    }

    [Fact]
    public async Task Deleting_an_item_removes_it_with_its_events()
    {
        var item = Unique("doomed");
        var user = Unique("owner");
        await PutItemAsync(item, "Doomed film", "Drama");
        await (await server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, item, 5), Wire.Rating(user, "50", 5)))).JsonAsync();

        await (await server.Anonymous.DeleteAsync($"/items/{item}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var deleted = await (await server.Writer.DeleteAsync($"/items/{item}")).JsonAsync();

        Assert.Equal(1, deleted.GetProperty("eventsDeleted").GetInt64());
        await (await server.Anonymous.GetAsync($"/items/{item}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var events = await (await server.Writer.GetAsync($"/users/{user}/events")).JsonAsync();
        Assert.Equal(["50"], events.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("itemId").GetString()));
        await (await server.Writer.DeleteAsync($"/items/{item}")).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(item, Ids(await (await server.Anonymous.GetAsync("/latest?n=50")).JsonAsync()));
    }

    [Fact]
    public async Task Items_a_user_hides_never_come_back_in_their_recommendations()
    {
        var user = Unique("hider");
        await (await server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, "50", 5), Wire.Rating(user, "181", 5), Wire.Rating(user, "172", 4)))).JsonAsync();
        var before = Ids(await (await server.Writer.GetAsync($"/users/{user}/recommendations?n=10")).JsonAsync());

        var hidden = await (await server.Writer.PostJsonAsync($"/users/{user}/hidden-items", new { itemIds = before.Take(3).ToArray() })).JsonAsync();
        var after = Ids(await (await server.Writer.GetAsync($"/users/{user}/recommendations?n=10")).JsonAsync());

        Assert.Equal(before.Take(3).Order(StringComparer.Ordinal), hidden.GetProperty("itemIds").EnumerateArray().Select(i => i.GetString()));
        Assert.Empty(after.Intersect(before.Take(3)));
        Assert.Equal(10, after.Count);
        await (await server.Writer.PostJsonAsync($"/users/{user}/hidden-items", new { itemIds = Array.Empty<string>() })).AssertFieldProblemAsync("itemIds");
        await (await server.Writer.PostJsonAsync($"/users/{user}/hidden-items", new { itemIds = new[] { "50", "no-such-item" } })).AssertFieldProblemAsync("itemIds[1]");
        await (await server.Anonymous.PostJsonAsync($"/users/{user}/hidden-items", new { itemIds = new[] { "50" } })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        // The refused requests changed nothing.
        Assert.Equal(3, (await (await server.Writer.PostJsonAsync($"/users/{user}/hidden-items", new { itemIds = new[] { before[0] } })).JsonAsync()).GetProperty("itemIds").GetArrayLength());
    }

    [Fact]
    public async Task Users_are_upserted_with_attributes_and_paged_with_the_key()
    {
        var id = Unique("zz-attributes");
        var put = await (await server.Writer.PutAsJsonAsync("/users", new { users = new[] { new { id, attributes = new Dictionary<string, string> { ["country"] = "NZ" } } } })).JsonAsync();
        await (await server.Writer.PutAsJsonAsync("/users", new { users = new[] { new { id, attributes = new Dictionary<string, string> { ["country"] = "FR" } } } })).JsonAsync();

        var found = default(JsonElement);
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await server.Writer.GetAsync("/users?n=300" + (cursor is null ? "" : "&cursor=" + cursor))).JsonAsync();
            foreach (var user in page.GetProperty("users").EnumerateArray())
                if (user.GetProperty("id").GetString() == id) found = user;
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        } while (cursor is not null);

        Assert.Equal(1, put.GetProperty("upserted").GetInt32());
        Assert.True(pages >= 4, "943+ users in pages of 300");
        Assert.Equal("FR", found.GetProperty("attributes").GetProperty("country").GetString());
        await (await server.Writer.PutAsJsonAsync("/users", new { users = new[] { new { id = " padded" } } })).AssertFieldProblemAsync("users[0].id");
        await (await server.Writer.PutAsJsonAsync("/users", new { users = Array.Empty<object>() })).AssertFieldProblemAsync("users");
        await (await server.Writer.GetAsync("/users?n=5000")).AssertFieldProblemAsync("n");
        await (await server.Anonymous.PutAsJsonAsync("/users", new { users = new[] { new { id } } })).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await server.Anonymous.GetAsync("/users")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_users_and_an_items_events_read_back_in_pages()
    {
        var user = Unique("reader");
        var item = Unique("read-item");
        await PutItemAsync(item, "Read back", "Drama");
        await (await server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, item, 4), Wire.Rating(user, "50", 5),
            new { userId = user, type = "search", text = "quiet dramas" }))).JsonAsync();

        var first = await (await server.Writer.GetAsync($"/users/{user}/events?n=2")).JsonAsync();
        var second = await (await server.Writer.GetAsync($"/users/{user}/events?n=2&cursor={first.GetProperty("nextCursor").GetString()}")).JsonAsync();
        var onItem = await (await server.Writer.GetAsync($"/items/{item}/events")).JsonAsync();

        Assert.Equal([item, "50"], first.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("itemId").GetString()));
        var search = Assert.Single(second.GetProperty("events").EnumerateArray());
        Assert.Equal(("search", "quiet dramas"), (search.GetProperty("type").GetString(), search.GetProperty("text").GetString()));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);
        var onItemEvent = Assert.Single(onItem.GetProperty("events").EnumerateArray());
        Assert.Equal((user, 4.0), (onItemEvent.GetProperty("userId").GetString(), onItemEvent.GetProperty("value").GetDouble()));
        await (await server.Writer.GetAsync($"/users/{user}/events?cursor=abc")).AssertFieldProblemAsync("cursor");
        await (await server.Writer.GetAsync($"/items/{item}/events?n=-1")).AssertFieldProblemAsync("n");
        await (await server.Writer.GetAsync("/users/nobody-at-all/events")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await server.Anonymous.GetAsync($"/users/{user}/events")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await server.Anonymous.GetAsync($"/items/{item}/events")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Deleting_one_event_updates_the_profile_and_frees_its_key()
    {
        var user = Unique("regret");
        await (await server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, "50", 5, key: user + "-a"), Wire.Rating(user, "181", 5)))).JsonAsync();
        var events = await (await server.Writer.GetAsync($"/users/{user}/events")).JsonAsync();
        var sequence = events.GetProperty("events")[0].GetProperty("sequence").GetInt64();

        await (await server.Anonymous.DeleteAsync($"/users/{user}/events/{sequence}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var deleted = await (await server.Writer.DeleteAsync($"/users/{user}/events/{sequence}")).JsonAsync();

        Assert.Equal(sequence, deleted.GetProperty("sequence").GetInt64());
        Assert.Equal(1, (await (await server.Writer.GetAsync($"/users/{user}/interests")).JsonAsync()).GetProperty("events").GetInt32());
        Assert.Equal(["181"], (await (await server.Writer.GetAsync($"/users/{user}/events")).JsonAsync()).GetProperty("events").EnumerateArray()
            .Select(e => e.GetProperty("itemId").GetString()));
        // Item 50 is no longer seen, so it may be recommended again; its key may be sent again and counts once.
        Assert.Equal(1, (await (await server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, "50", 5, key: user + "-a")))).JsonAsync()).GetProperty("accepted").GetInt32());
        await (await server.Writer.DeleteAsync($"/users/{user}/events/{sequence}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await server.Writer.DeleteAsync($"/users/{user}/events/abc")).AssertFieldProblemAsync("sequence");
    }

    [Fact]
    public async Task Popular_and_latest_lists_follow_events_categories_and_new_items()
    {
        var popular = await (await server.Anonymous.GetAsync("/popular?n=20")).JsonAsync();
        var counts = popular.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("events").GetInt32()).ToList();
        var comedies = await (await server.Anonymous.GetAsync("/popular?n=20&category=Comedy&category=Horror")).JsonAsync();
        var item = Unique("fresh");
        await PutItemAsync(item, "A brand new horror film", "Horror");
        var latest = await (await server.Anonymous.GetAsync("/latest?n=5&category=horror")).JsonAsync();

        Assert.Equal(20, counts.Count);
        Assert.Equal(counts.OrderByDescending(c => c), counts);
        Assert.All(counts, c => Assert.True(c > 0));
        Assert.Equal(20, comedies.GetProperty("items").GetArrayLength());
        Assert.All(comedies.GetProperty("items").EnumerateArray(), i => Assert.Contains(i.GetProperty("categories").EnumerateArray().Select(c => c.GetString()),
            c => c is "Comedy" or "Horror"));
        Assert.Equal(item, Ids(latest)[0]);
        Assert.All(latest.GetProperty("items").EnumerateArray(), i => Assert.Contains("Horror", i.GetProperty("categories").EnumerateArray().Select(c => c.GetString())));
        await (await server.Anonymous.GetAsync("/popular?n=many")).AssertFieldProblemAsync("n");
        await (await server.Anonymous.GetAsync("/latest?category=")).AssertFieldProblemAsync("category");
    }

    [Fact]
    public async Task Recommendations_take_categories_an_offset_and_the_seen_policy()
    {
        var full = Ids(await (await server.Writer.GetAsync("/users/1/recommendations?n=10&diversity=0.3")).JsonAsync());
        var second = Ids(await (await server.Writer.GetAsync("/users/1/recommendations?n=5&offset=5&diversity=0.3")).JsonAsync());
        var horror = await (await server.Writer.GetAsync("/users/1/recommendations?n=10&category=Horror")).JsonAsync();
        var seen = new HashSet<string>();
        await using (var store = server.OpenStore())
            await foreach (var e in store.ReadByUserAsync("1")) seen.Add(e.Event.ItemId!);
        var withSeen = Ids(await (await server.Writer.GetAsync("/users/1/recommendations?n=50&exclude_seen=false&diversity=0")).JsonAsync());
        var withoutSeen = Ids(await (await server.Writer.GetAsync("/users/1/recommendations?n=50&diversity=0")).JsonAsync());

        Assert.Equal(full.Skip(5), second);
        Assert.Equal(10, horror.GetProperty("items").GetArrayLength());
        foreach (var id in Ids(horror))
        {
            var item = await (await server.Anonymous.GetAsync($"/items/{id}")).JsonAsync();
            Assert.Contains("Horror", item.GetProperty("item").GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        }
        Assert.Empty(withoutSeen.Intersect(seen));
        Assert.NotEmpty(withSeen.Intersect(seen));
        await (await server.Writer.GetAsync("/users/1/recommendations?offset=-1")).AssertFieldProblemAsync("offset");
        await (await server.Writer.GetAsync("/users/1/recommendations?exclude_seen=maybe")).AssertFieldProblemAsync("exclude_seen");
        await (await server.Writer.GetAsync("/users/1/recommendations?category=")).AssertFieldProblemAsync("category");
        await (await server.Anonymous.GetAsync("/users/1/recommendations?category=Horror")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Similar_items_keep_to_the_categories_asked_for()
    {
        var similar = await (await server.Anonymous.GetAsync("/items/50/similar?n=8&category=Comedy")).JsonAsync();
        Assert.Equal(8, similar.GetProperty("items").GetArrayLength());
        foreach (var id in Ids(similar))
        {
            var item = await (await server.Anonymous.GetAsync($"/items/{id}")).JsonAsync();
            Assert.Contains("Comedy", item.GetProperty("item").GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
        }
        await (await server.Anonymous.GetAsync("/items/50/similar?category=")).AssertFieldProblemAsync("category");
    }

    [Fact]
    public async Task The_openapi_document_names_every_operation_tags_it_by_resource_and_requires_the_key_where_needed()
    {
        var document = await (await server.Anonymous.GetAsync("/openapi/v1.json")).JsonAsync();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal(("apiKey", "header", "X-Api-Key"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("in").GetString(), scheme.GetProperty("name").GetString()));
        var operationIds = new List<string>();
        var secured = new HashSet<string>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        foreach (var operation in path.Value.EnumerateObject())
        {
            if (!operation.Value.TryGetProperty("operationId", out var id)) continue;
            operationIds.Add(id.GetString()!);
            var tags = operation.Value.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
            Assert.Single(tags);
            Assert.Contains(tags[0], new[] { "items", "users", "events", "recommendations", "lists", "admin", "overview" });
            if (operation.Value.TryGetProperty("security", out _)) secured.Add($"{operation.Name.ToUpperInvariant()} {path.Name}");
        }
        foreach (var expected in new[] { "ListItems", "PatchItem", "DeleteItem", "HideItemsForUser", "PutUsers", "ListUsers", "ListUserEvents", "ListItemEvents",
                     "DeleteUserEvent", "GetPopularItems", "GetLatestItems", "GetSimilarItems", "GetUserRecommendations", "RecommendForText", "RecommendForSession",
                     "GetOverview", "GetTaxonomy" })
            Assert.Contains(expected, operationIds);
        Assert.Equal(operationIds.Count, operationIds.Distinct().Count());
        Assert.Contains("PATCH /items/{id}", secured);
        Assert.Contains("GET /users/{id}/events", secured);
        Assert.DoesNotContain("GET /items/{id}", secured);
        Assert.DoesNotContain("GET /popular", secured);
    }
}
