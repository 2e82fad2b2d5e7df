using System.Net;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class HealthAndDocsTests(ServerFixture server)
{
    [Fact]
    public async Task Live_and_ready_answer_200_once_the_model_serves()
    {
        Assert.Equal(HttpStatusCode.OK, (await server.Anonymous.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await server.Anonymous.GetAsync("/health/ready")).StatusCode);
    }

    [Fact]
    public async Task OpenApi_document_describes_every_endpoint_and_the_reference_page_is_served()
    {
        var document = await (await server.Anonymous.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/items", "/items/{id}", "/items/{id}/similar", "/events", "/users/{id}/recommendations",
                     "/users/{id}/interests", "/users/{id}", "/recommendations/session", "/recommendations/text" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        var reference = await server.Anonymous.GetAsync("/scalar/v1");
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.Contains("openapi/v1.json", await reference.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_expose_request_latency_and_event_lag_in_prometheus_format()
    {
        // Make sure at least one event commit and one request have been measured.
        var ack = await server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating("metrics-user", "50", 4)));
        await ack.JsonAsync();
        await server.Writer.GetAsync("/users/1/recommendations");
        var text = "";
        // The Prometheus exporter caches a scrape briefly; poll until the instruments appear.
        for (int attempt = 0; attempt < 50 && !(text.Contains("strata_events_lag") && text.Contains("http_server_request_duration")); attempt++)
        {
            text = await server.Anonymous.GetStringAsync("/metrics");
            if (!text.Contains("strata_events_lag")) await Task.Delay(200);
        }
        Assert.Contains("http_server_request_duration_seconds_bucket", text);
        Assert.Contains("strata_events_lag_seconds_bucket", text);
        Assert.Contains("strata_events_accepted", text);
        Assert.Contains("strata_model_version", text);
    }

    [Fact]
    public async Task Dashboard_assets_are_served_by_the_server_without_external_references()
    {
        var html = await server.Anonymous.GetStringAsync("/dashboard/");
        Assert.Contains("id=\"sunburst\"", html);
        var script = await server.Anonymous.GetStringAsync("/dashboard/app.js");
        Assert.DoesNotContain("https://", html + script);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Anonymous.GetAsync("/dashboard/nope.js")).StatusCode);
    }
}
