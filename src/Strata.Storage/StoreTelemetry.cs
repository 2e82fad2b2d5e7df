using System.Diagnostics;

namespace Strata.Storage;

/// <summary>
/// The store's traces: one activity per store operation (<c>strata.store &lt;operation&gt;</c>, e.g. <c>AppendAsync</c>,
/// <c>ReadSinceAsync</c>), tagged with the OpenTelemetry database conventions. A streamed read's activity spans its enumeration.
/// </summary>
public static class StoreTelemetry
{
    public const string SourceName = "Strata.Storage";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Opens the activity of one operation on a store of <paramref name="system"/> (<c>sqlite</c>, <c>postgresql</c>); null when nobody listens.</summary>
    public static Activity? Operation(string system, string operation)
    {
        var activity = Source.StartActivity("strata.store " + operation, ActivityKind.Client);
        activity?.SetTag("db.system.name", system);
        activity?.SetTag("db.operation.name", operation);
        return activity;
    }
}
