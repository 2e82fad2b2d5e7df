using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Strata.Engine;
using Strata.Storage;

namespace Strata.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the server. Traces: every request (ASP.NET Core), every outgoing HttpClient call (remote encoder,
/// chat labels), every store operation (<see cref="StoreTelemetry"/>) and every fit with its stages
/// (<see cref="EngineTelemetry"/>). Metrics: <see cref="StrataMetrics"/>, requests, HttpClient and the runtime, scraped at
/// <c>/metrics</c>. With <c>Strata:Telemetry:Otlp:Endpoint</c> set, traces, metrics and logs are also sent over OTLP.
/// </summary>
internal static class ServerTelemetry
{
    public static void AddStrataTelemetry(this IServiceCollection services, TelemetryOptions options)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(StrataMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter())
            .WithTracing(tracing => tracing
                .AddSource(EngineTelemetry.SourceName, StoreTelemetry.SourceName)
                .AddAspNetCoreInstrumentation(aspNetCore =>
                {
                    // Probes and scrapes every few seconds would drown the requests that matter.
                    aspNetCore.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics");
                    // Paths carry user ids, which must not leave the server in traces: the route template replaces the path.
                    aspNetCore.EnrichWithHttpResponse = (activity, response) =>
                        activity.SetTag("url.path", (response.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(unrouted)");
                })
                .AddHttpClientInstrumentation());
        if (options.Otlp.Endpoint is { } endpoint)
            telemetry.UseOtlpExporter(TelemetryOptions.ExportProtocol(options.Otlp.Protocol), new Uri(endpoint));
    }
}
