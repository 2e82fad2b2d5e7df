using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Strata.Engine;
using Strata.Server.Tests.Infrastructure;
using Strata.Storage;

namespace Strata.Server.Tests;

/// <summary>
/// OpenTelemetry: a fit's stages and the store's operations are traced under their parents, a request's trace reaches the
/// store without the user's id in it, and <c>Strata:Telemetry:Otlp:Endpoint</c> sends traces and metrics to a real OTLP/HTTP
/// receiver on 127.0.0.1 (it keeps the protobuf bodies; protobuf writes strings as UTF-8, so names can be found in them).
/// </summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Fit_stages_store_operations_and_requests_are_traced_and_exported_over_otlp()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is EngineTelemetry.SourceName or StoreTelemetry.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        // Fits of other tests in this process that began before the listener existed are seen only in part: not checked.
        var listening = DateTime.UtcNow;

        var database = await TestData.ImportMovieLens100kAsync(TempDirectory.UntilExit());
        await using var server = await RunningServer.StartAsync([.. TestData.ServerArguments(database), "--Strata:Model:Kind=pop",
            $"--Strata:Telemetry:Otlp:Endpoint={receiver.Address}", "--Strata:Telemetry:Otlp:Protocol=http/protobuf",
            "--Strata:Telemetry:ServiceName=strata-telemetry-test"]);

        // The start's fit: one strata.fit with every stage as a child, and the store's reads inside the stages that make them.
        // (Other tests may fit at the same time in this process, and stop a server mid-fit: every fit begun since the
        // listener that ran to the end, marked Ok, must have this shape.)
        var all = stopped.ToArray();
        var fits = all.Where(a => a.OperationName == "strata.fit" && a.StartTimeUtc > listening && a.Status == ActivityStatusCode.Ok).ToArray();
        Assert.NotEmpty(fits);
        foreach (var fit in fits)
        {
            var stages = all.Where(a => a.ParentSpanId == fit.SpanId && a.TraceId == fit.TraceId).ToArray();
            var names = stages.Select(a => a.OperationName).ToHashSet();
            foreach (var stage in new[] { "catalogue", "taxonomy", "log", "text" })
                Assert.Contains("strata.fit." + stage, names);
            Assert.True(names.Contains("strata.fit.model") || names.Contains("strata.fit.saved-model"), string.Join(", ", names));
            var catalogue = stages.Single(a => a.OperationName == "strata.fit.catalogue");
            Assert.True((int)catalogue.GetTagItem("strata.items")! > 0);
            Assert.Contains(all, a => a.OperationName == "strata.store ReadItemsAsync" && a.ParentSpanId == catalogue.SpanId);
            var log = stages.Single(a => a.OperationName == "strata.fit.log");
            var read = Assert.Single(all, a => a.OperationName == "strata.store ReadSinceAsync" && a.ParentSpanId == log.SpanId);
            Assert.Equal("sqlite", read.GetTagItem("db.system.name"));
            Assert.True(read.Duration > TimeSpan.Zero);
        }

        // A request: its server span parents the store read it makes, and carries the route, not the item's id.
        const string itemId = "1682";
        (await server.Client.GetAsync($"/items/{itemId}")).EnsureSuccessStatusCode();
        // (Servers of other tests in this process make such requests too: the one sought is a request span parenting a store read.)
        static bool IsItemRequest(Activity a) => a.Source.Name == "Microsoft.AspNetCore" && (string?)a.GetTagItem("http.route") == "/items/{id}";
        bool ParentsItemRead(Activity request) =>
            stopped.Any(a => a.OperationName == "strata.store GetItemAsync" && a.ParentSpanId == request.SpanId && a.TraceId == request.TraceId);
        var request = await EventuallyAsync(() => stopped.FirstOrDefault(a => IsItemRequest(a) && ParentsItemRead(a)));
        Assert.Equal("/items/{id}", request.GetTagItem("url.path"));
        Assert.All(stopped.Where(IsItemRequest), a => Assert.DoesNotContain(a.Tags, tag => tag.Value?.Contains(itemId) == true));

        // The OTLP exporter was wired by the setting: flushing sends the spans and the metrics to the receiver.
        Assert.True(server.Service<TracerProvider>().ForceFlush(30_000));
        // (The provider reports false: the Prometheus reader is pulled and has nothing to flush; the OTLP reader does push.)
        server.Service<MeterProvider>().ForceFlush(30_000);
        var traces = receiver.Received("traces");
        Assert.Contains("strata.fit.taxonomy", traces);
        Assert.Contains("strata.store GetItemAsync", traces);
        Assert.Contains("strata-telemetry-test", traces);
        var metrics = receiver.Received("metrics");
        Assert.Contains("strata.model.version", metrics);
        Assert.Contains("http.server.request.duration", metrics);
    }

    [Theory]
    [InlineData("Strata:Telemetry:Otlp:Endpoint", "localhost:4317")]
    [InlineData("Strata:Telemetry:Otlp:Endpoint", "ftp://collector")]
    [InlineData("Strata:Telemetry:Otlp:Protocol", "udp")]
    public void A_bad_telemetry_setting_stops_the_start_naming_its_key(string key, string value)
    {
        var database = Path.Combine(TempDirectory.UntilExit(), "never-opened.db");
        var arguments = key.EndsWith("Protocol") ? new[] { $"--{key}={value}", "--Strata:Telemetry:Otlp:Endpoint=http://127.0.0.1:4318" } : [$"--{key}={value}"];
        var error = Assert.Throws<ServerConfigurationException>(() => StrataServer.Build([.. TestData.ServerArguments(database), .. arguments]));
        Assert.Contains(key, error.Message);
        Assert.Contains(value, error.Message);
        Assert.False(File.Exists(database));
    }

    private static async Task<Activity> EventuallyAsync(Func<Activity?> find)
    {
        // The server's span stops after the response is written, so it may land a moment after the client has the answer.
        for (int attempt = 0; attempt < 200; attempt++)
        {
            if (find() is { } found) return found;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException("the activity never stopped");
    }

    /// <summary>An OTLP/HTTP receiver: Kestrel on 127.0.0.1 taking <c>POST /v1/{signal}</c> and keeping each body.</summary>
    private sealed class OtlpReceiver(WebApplication app, ConcurrentDictionary<string, ConcurrentQueue<byte[]>> bodies) : IAsyncDisposable
    {
        public Uri Address { get; } = new(app.Urls.First());

        public static async Task<OtlpReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var bodies = new ConcurrentDictionary<string, ConcurrentQueue<byte[]>>();
            app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                Assert.Equal("application/x-protobuf", request.ContentType);
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                bodies.GetOrAdd(signal, _ => new()).Enqueue(buffer.ToArray());
                return Results.StatusCode((int)HttpStatusCode.OK);
            });
            await app.StartAsync();
            return new OtlpReceiver(app, bodies);
        }

        /// <summary>Every body received for a signal, as Latin-1 text (so UTF-8 names inside survive as bytes to search).</summary>
        public string Received(string signal) =>
            bodies.TryGetValue(signal, out var queue) ? string.Concat(queue.Select(Encoding.Latin1.GetString)) : "";

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
