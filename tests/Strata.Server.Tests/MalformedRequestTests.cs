using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>
/// Malformed requests — the nine the erasure-and-input report found among them — are refused with a 400 naming the
/// offending field (never a 500), and leave the store exactly as it was: no event, no item, no user added.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MalformedRequestTests(ServerFixture server)
{
    private static readonly DateTimeOffset When = new(1998, 4, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A valid click, as a JSON object whose fields the cases below break one at a time.</summary>
    private static Dictionary<string, object?> Click() => new()
    {
        ["userId"] = "fuzz-user",
        ["itemId"] = "50",
        ["type"] = "click",
        ["timestamp"] = When,
    };

    /// <summary>(case, field the 400 must name, event): one field of a valid event made wrong.</summary>
    private static IEnumerable<(string Case, string Field, Dictionary<string, object?> Event)> BrokenEvents()
    {
        Dictionary<string, object?> With(string field, object? value, Dictionary<string, object?>? start = null)
        {
            var e = start ?? Click();
            if (value is null) e.Remove(field); else e[field] = value;
            return e;
        }
        // The report's nine.
        yield return ("unknown item", "itemId", With("itemId", "no-such-item-42"));
        yield return ("10,000-character item id", "itemId", With("itemId", new string('i', 10_000)));
        yield return ("item id with a leading space", "itemId", With("itemId", " 50"));
        yield return ("white-space item id", "itemId", With("itemId", "   "));
        yield return ("empty item id on a search", "itemId", With("itemId", "", With("text", "x", With("type", "search"))));
        yield return ("1 MB search text", "text", With("text", new string('q', 1 << 20), With("itemId", null, With("type", "search"))));
        yield return ("NUL in the user id", "userId", With("userId", "u\0ser"));
        yield return ("year-1 timestamp", "timestamp", With("timestamp", "0001-01-01T00:00:00Z"));
        yield return ("1e308 on a click", "value", With("value", 1e308));
        // Every field, broken in the ways a client gets it wrong.
        foreach (var (name, bad) in new (string, object?)[]
                 {
                     ("", ""), ("missing", null), ("257 characters", new string('u', 257)), ("tab", "a\tb"), ("trailing space", "u "),
                     ("newline", "u\n"), ("DEL", "u\u007f"), ("only spaces", "  "),
                 })
        {
            yield return ($"userId {name}", "userId", With("userId", bad));
            yield return ($"itemId {name}", "itemId", With("itemId", bad));
        }
        foreach (var type in new object?[] { "", "clicked", "RATING!", null, "purchase " + new string('x', 50) })
            yield return ($"type {type}", "type", With("type", type));
        foreach (var (name, value) in new (string, object?)[] { ("negative", -1), ("11", 11), ("1e300", 1e300), ("missing", null) })
            yield return ($"rating {name}", "value", With("value", value, With("type", "rating")));
        foreach (var (name, value) in new (string, object)[] { ("zero", 0), ("negative", -3), ("huge", 1e12) })
            yield return ($"purchase quantity {name}", "value", With("value", value, With("type", "purchase")));
        foreach (var type in new[] { "view", "click", "add_to_cart", "impression", "dislike" })
            yield return ($"value on a {type}", "value", With("value", 3, With("type", type)));
        foreach (var (name, value) in new (string, object)[] { ("year 1969", "1969-12-31T23:59:59Z"), ("year 2100", "2100-01-01T00:00:00Z"), ("next week", DateTimeOffset.UtcNow.AddDays(7)) })
            yield return ($"timestamp {name}", "timestamp", With("timestamp", value));
        foreach (var (name, value) in new (string, object)[] { ("empty", ""), ("201 characters", new string('k', 201)), ("control character", "k\u0001") })
            yield return ($"idempotencyKey {name}", "idempotencyKey", With("idempotencyKey", value));
        foreach (var (name, text) in new (string, object?)[] { ("missing", null), ("blank", "   "), ("4,001 characters", new string('t', 4_001)), ("NUL", "a\0b") })
        {
            yield return ($"search text {name}", "text", With("text", text, With("itemId", null, With("type", "search"))));
            yield return ($"tag text {name}", "text", With("text", text, With("type", "tag")));
        }
        yield return ("search with an item", "itemId", With("text", "space", With("type", "search")));
    }

    [Fact]
    public async Task Broken_events_are_refused_naming_the_field_and_change_nothing()
    {
        var cases = BrokenEvents().ToList();
        Assert.True(cases.Count * 2 >= 100, $"only {cases.Count * 2} requests");
        var before = await CountsAsync();
        foreach (var (name, field, e) in cases)
        {
            // Alone, and behind a valid event in the same batch (the batch is refused whole, naming the second event).
            await AssertRefusedAsync(await server.Writer.PostJsonAsync("/events", new { events = new[] { e } }), $"events[0].{field}", name);
            await AssertRefusedAsync(await server.Writer.PostJsonAsync("/events", new { events = new[] { Click(), e } }), $"events[1].{field}", name);
        }
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Malformed_bodies_and_parameters_are_refused_with_a_named_field_and_change_nothing()
    {
        var before = await CountsAsync();
        (string Case, Func<Task<HttpResponseMessage>> Send, string Field)[] cases =
        [
            ("not JSON", () => server.Writer.PostRawAsync("/events", "{events: [}"), "$"),
            ("null body", () => server.Writer.PostRawAsync("/events", "null"), "$"),
            ("events not a list", () => server.Writer.PostRawAsync("/events", """{"events": 3}"""), "events"),
            ("empty events", () => server.Writer.PostRawAsync("/events", """{"events": []}"""), "events"),
            ("null event", () => server.Writer.PostRawAsync("/events", """{"events": [null]}"""), "events[0]"),
            ("value as text", () => server.Writer.PostRawAsync("/events", """{"events": [{"userId":"u","itemId":"50","type":"rating","value":"five"}]}"""), "events[0].value"),
            ("timestamp not a date", () => server.Writer.PostRawAsync("/events", """{"events": [{"userId":"u","itemId":"50","type":"click","timestamp":"yesterday"}]}"""), "events[0].timestamp"),
            ("user id as an object", () => server.Writer.PostRawAsync("/events", """{"events": [{"userId":{"a":1},"itemId":"50","type":"click"}]}"""), "events[0].userId"),
            ("item id too long on PUT", () => server.Writer.PutAsync("/items", Json(new { items = new[] { new { id = new string('x', 300), title = "t" } } })), "items[0].id"),
            ("item id with a control character", () => server.Writer.PutAsync("/items", Json(new { items = new[] { new { id = "a\u0002", title = "t" } } })), "items[0].id"),
            ("item id with surrounding space", () => server.Writer.PutAsync("/items", Json(new { items = new[] { new { id = " 50", title = "t" } } })), "items[0].id"),
            ("item without a title", () => server.Writer.PutAsync("/items", Json(new { items = new[] { new { id = "new-1" } } })), "items[0].title"),
            ("text query too long", () => server.Writer.PostJsonAsync("/recommendations/text", new { text = new string('a', 4_001) }), "text"),
            ("text query with NUL", () => server.Writer.PostJsonAsync("/recommendations/text", new { text = "a\0b" }), "text"),
            ("session event bad type", () => server.Writer.PostJsonAsync("/recommendations/session", new { events = new[] { new { itemId = "50", type = "nope" } } }), "events[0].type"),
            ("session value on click", () => server.Writer.PostJsonAsync("/recommendations/session", new { events = new[] { new { itemId = "50", type = "click", value = 1e308 } } }), "events[0].value"),
            ("n not a number", () => server.Writer.GetAsync("/users/1/recommendations?n=ten"), "n"),
            ("diversity out of range", () => server.Writer.GetAsync("/users/1/recommendations?diversity=7"), "diversity"),
            ("similar n zero", () => server.Writer.GetAsync("/items/50/similar?n=0"), "n"),
        ];
        foreach (var (name, send, field) in cases) await AssertRefusedAsync(await send(), field, name);
        Assert.Equal(before, await CountsAsync());
    }

    /// <summary>Random junk in every field of an event: whatever comes in, the answer is 200 or a 400 naming an event field — never a 500.</summary>
    [Fact]
    public async Task Random_field_values_never_cause_a_server_error()
    {
        // JSON null, strings, numbers, booleans, a list and an object.
        var junk = Gen.OneOf(
            Gen.Const("null"), Gen.String.Select(s => JsonSerializer.Serialize(s)), Gen.Int.Select(i => i.ToString()),
            Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "1e999"),
            Gen.Bool.Select(b => b ? "true" : "false"), Gen.Const("[1, 2]"), Gen.Const("""{"nested": "x"}"""));
        var fields = new[] { "userId", "itemId", "type", "timestamp", "value", "text", "idempotencyKey" };
        var gen = Gen.Int[0, fields.Length - 1].Select(junk, (f, v) => (Field: fields[f], Value: v)).Array[1, 3];
        await Check.SampleAsync(gen, async changes =>
        {
            var e = Click();
            e["userId"] = "fuzz-random";
            var fields = e.ToDictionary(kv => kv.Key, kv => JsonSerializer.Serialize(kv.Value));
            foreach (var (field, value) in changes) fields[field] = value;
            var body = "{\"events\": [{" + string.Join(", ", fields.Select(kv => $"\"{kv.Key}\": {kv.Value}")) + "}]}";
            var response = await server.Writer.PostRawAsync("/events", body);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest,
                $"{(int)response.StatusCode} for {body}: {await response.Content.ReadAsStringAsync()}");
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                var errors = (await response.JsonAsync(HttpStatusCode.BadRequest)).GetProperty("errors");
                Assert.Contains(errors.EnumerateObject(), error => error.Name.StartsWith("events", StringComparison.Ordinal));
            }
        }, iter: 200, threads: 1);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string field, string name)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: expected 400 naming {field}, got {(int)response.StatusCode}: {Shorten(body)}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{name}: the problem does not name '{field}': {Shorten(body)}");
    }

    private async Task<string> CountsAsync()
    {
        await using var store = server.OpenStore();
        var events = await store.CountEventsAsync();
        var catalogue = await store.CountCatalogAsync();
        Assert.Null(await store.GetUserAsync("fuzz-user"));
        return $"{events.Total} events, {catalogue.Items} items, {catalogue.Users} users";
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
