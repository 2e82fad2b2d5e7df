using System.Net;
using System.Text;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class EventEndpointTests(ServerFixture server)
{
    [Fact]
    public async Task Events_are_durable_when_acknowledged_and_resends_with_the_same_keys_are_ignored()
    {
        var user = "idem-" + Guid.NewGuid().ToString("N");
        var batch = Wire.Events(Wire.Rating(user, "1", 5, key: user + "-a"), Wire.Rating(user, "2", 4, key: user + "-b"), Wire.Rating(user, "3", 3, key: user + "-c"));
        var first = await (await server.Writer.PostJsonAsync("/events", batch)).JsonAsync();
        Assert.Equal(3, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, first.GetProperty("duplicates").GetInt32());

        var again = await (await server.Writer.PostJsonAsync("/events", batch)).JsonAsync();
        Assert.Equal(0, again.GetProperty("accepted").GetInt32());
        Assert.Equal(3, again.GetProperty("duplicates").GetInt32());

        await using var store = server.OpenStore();
        var stored = new List<Strata.Storage.StoredEvent>();
        await foreach (var e in store.ReadByUserAsync(user)) stored.Add(e);
        Assert.Equal(3, stored.Count);
        Assert.Equal(new[] { user + "-a", user + "-b", user + "-c" }, stored.Select(e => e.Event.IdempotencyKey).Order());

        // The profile counted each event once.
        var interests = await (await server.Writer.GetAsync($"/users/{user}/interests")).JsonAsync();
        Assert.Equal(3, interests.GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task Concurrent_requests_are_group_committed_and_each_gets_its_own_acknowledgement()
    {
        var user = "group-" + Guid.NewGuid().ToString("N");
        var posts = Enumerable.Range(0, 40).Select(i =>
            server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, (1 + i).ToString(), 4, key: $"{user}-{i}")))).ToArray();
        var responses = await Task.WhenAll(posts);
        foreach (var response in responses) Assert.Equal(1, (await response.JsonAsync()).GetProperty("accepted").GetInt32());
        await using var store = server.OpenStore();
        var count = 0;
        await foreach (var _ in store.ReadByUserAsync(user)) count++;
        Assert.Equal(40, count);
    }

    [Fact]
    public async Task Writes_without_the_api_key_are_401()
    {
        await (await server.Anonymous.PostJsonAsync("/events", Wire.Events(Wire.Rating("u", "1", 5)))).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("""{"events":[{"userId":"u","itemId":"1","type":"rating","value":4},{"userId":"u","itemId":"1","type":"teleport"}]}""", "events[1].type")]
    [InlineData("""{"events":[{"itemId":"1","type":"click"}]}""", "events[0].userId")]
    [InlineData("""{"events":[{"userId":"u","type":"click"}]}""", "events[0].itemId")]
    [InlineData("""{"events":[{"userId":"u","itemId":"1","type":"rating","value":99}]}""", "events[0].value")]
    [InlineData("""{"events":[{"userId":"u","itemId":"1","type":"click","timestamp":"yesterday"}]}""", "events[0].timestamp")]
    [InlineData("""{"events":[]}""", "events")]
    [InlineData("""{"events":[{"userId":"u","itemId":"1","type":"click"}""", "$")]
    public async Task Invalid_events_are_400_problems_naming_the_field(string body, string field)
    {
        var response = await server.Writer.PostRawAsync("/events", body);
        if (field == "$")
        {
            // Truncated JSON: the problem still says where reading stopped.
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").EnumerateObject().Any());
            return;
        }
        await response.AssertFieldProblemAsync(field);
    }

    [Fact]
    public async Task Nothing_of_an_invalid_batch_is_stored()
    {
        var user = "invalid-" + Guid.NewGuid().ToString("N");
        var body = $$"""{"events":[{"userId":"{{user}}","itemId":"1","type":"click"},{"userId":"{{user}}","itemId":"1","type":"bogus"}]}""";
        await (await server.Writer.PostRawAsync("/events", body)).AssertFieldProblemAsync("events[1].type");
        await using var store = server.OpenStore();
        await foreach (var _ in store.ReadByUserAsync(user)) Assert.Fail("an event of a rejected batch was stored");
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_413()
    {
        // 5 MB of events, over the 4 MiB default limit. The client waits for "100 Continue", so the refusal arrives before any upload.
        var big = new StringBuilder("""{"events":[""");
        while (big.Length < 5_000_000) big.Append("""{"userId":"big","itemId":"1","type":"click"},""");
        big.Append("""{"userId":"big","itemId":"1","type":"click"}]}""");
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(big.ToString()));
        content.Headers.ContentType = new("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = content };
        request.Headers.ExpectContinue = true;
        var response = await server.Writer.SendAsync(request);
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Non_json_bodies_are_415()
    {
        await (await server.Writer.PostRawAsync("/events", "user=1", "application/x-www-form-urlencoded")).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }
}
