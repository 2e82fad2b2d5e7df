using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Strata.Server.Tests.Infrastructure;

/// <summary>Small HTTP helpers: JSON bodies in, parsed JSON out, problem-details checks.</summary>
internal static class Wire
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsJsonAsync(path, body);

    public static Task<HttpResponseMessage> PostRawAsync(this HttpClient client, string path, string json, string contentType = "application/json") =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, contentType));

    /// <summary>Asserts an RFC 7807 validation problem (400, application/problem+json) that names <paramref name="field"/>.</summary>
    public static async Task AssertFieldProblemAsync(this HttpResponseMessage response, string field)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {problem}");
        Assert.True(messages.GetArrayLength() > 0);
    }

    /// <summary>Asserts a problem response with the given status.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync(status);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    public static object Rating(string user, string item, double value, string? key = null, DateTimeOffset? at = null) =>
        new { userId = user, itemId = item, type = "rating", value, idempotencyKey = key, timestamp = at ?? new DateTimeOffset(1998, 4, 1, 0, 0, 0, TimeSpan.Zero) };

    public static object Events(params object[] events) => new { events };
}
