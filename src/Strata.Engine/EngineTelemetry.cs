using System.Diagnostics;

namespace Strata.Engine;

/// <summary>
/// The engine's traces: one activity per fit (<c>strata.fit</c>) with a child per stage (<c>strata.fit.catalogue</c>,
/// <c>.taxonomy</c>, <c>.log</c>, <c>.model</c>, <c>.text</c>). Hosts that trace (the server, with OpenTelemetry) listen to
/// <see cref="SourceName"/>; without a listener starting an activity costs a null check.
/// </summary>
public static class EngineTelemetry
{
    public const string SourceName = "Strata.Engine";

    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts a fit stage: reports <paramref name="description"/> to <paramref name="progress"/> and opens its activity (null when nobody listens).</summary>
    internal static Activity? Stage(string name, string description, IProgress<string>? progress)
    {
        progress?.Report(description);
        return Source.StartActivity("strata.fit." + name);
    }
}
