using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Strata.Server.Http;

/// <summary>Writes a health report as JSON (<c>{"status":"Unhealthy","checks":[{"name","status","description"}]}</c>), so a probe's body says why.</summary>
internal static class HealthReportWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(entry => new { name = entry.Key, status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
