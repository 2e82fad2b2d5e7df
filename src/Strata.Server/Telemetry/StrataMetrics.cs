using System.Diagnostics.Metrics;

namespace Strata.Server.Telemetry;

/// <summary>
/// The server's own instruments (request latency comes from the ASP.NET Core instrumentation as
/// <c>http_server_request_duration_seconds</c>). Exported in Prometheus format at <c>/metrics</c>.
/// </summary>
internal sealed class StrataMetrics : IDisposable
{
    public const string MeterName = "Strata.Server";

    private readonly Meter _meter;
    private readonly Counter<long> _eventsAccepted;
    private readonly Counter<long> _eventsDuplicate;
    private readonly Histogram<double> _eventLag;
    private readonly Histogram<long> _commitSize;
    private readonly Counter<long> _recommendations;

    public StrataMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _eventsAccepted = _meter.CreateCounter<long>("strata.events.accepted", "{event}", "Events committed to the log.");
        _eventsDuplicate = _meter.CreateCounter<long>("strata.events.duplicate", "{event}", "Events ignored because their idempotency key was already stored.");
        _eventLag = _meter.CreateHistogram<double>("strata.events.lag", "s",
            "Time from an event's arrival to its commit and profile update (what a client waits for its acknowledgement).");
        _commitSize = _meter.CreateHistogram<long>("strata.events.commit_size", "{event}", "Events per group commit.");
        _recommendations = _meter.CreateCounter<long>("strata.recommendations", "{request}", "Recommendation requests served.");
    }

    /// <summary>Registers gauges read at scrape time.</summary>
    public void Observe(Func<int> queuedRequests, Func<long> modelVersion, Func<long> lastSequence)
    {
        _meter.CreateObservableGauge("strata.events.queued", queuedRequests, "{request}", "Event requests waiting for a commit.");
        _meter.CreateObservableGauge("strata.model.version", modelVersion, null, "Version of the model serving requests.");
        _meter.CreateObservableGauge("strata.events.sequence", lastSequence, null, "Sequence number of the last committed event.");
    }

    public void Committed(int accepted, int duplicates)
    {
        _eventsAccepted.Add(accepted);
        if (duplicates > 0) _eventsDuplicate.Add(duplicates);
        _commitSize.Record(accepted + duplicates);
    }

    public void Lag(TimeSpan lag) => _eventLag.Record(lag.TotalSeconds);

    public void Recommended(string kind) => _recommendations.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Dispose() => _meter.Dispose();
}
