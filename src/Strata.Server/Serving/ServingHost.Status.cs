using Strata.Server.Contracts;

namespace Strata.Server.Serving;

internal sealed partial class ServingHost
{
    private readonly Lock _statusLock = new();
    private DateTimeOffset? _refitStartedAt;
    private FitRecord? _lastFit;
    private string? _lastRefitError;
    private DateTimeOffset? _lastRefitErrorAt;

    /// <summary>Events committed per minute since this server started (for the dashboard's overview).</summary>
    public IngestRate Ingest { get; }

    /// <summary>Items hidden from every list (deleted ones not counted).</summary>
    public int HiddenCount => Volatile.Read(ref _hidden).Count;

    /// <summary>Whether a refit runs now, when the last one finished, and how it went.</summary>
    public RefitStatusDto RefitStatus()
    {
        lock (_statusLock)
        {
            var state = _refitStartedAt is not null ? "refitting" : _lastRefitError is not null ? "failed" : Current is null ? "waiting" : "idle";
            var interval = _options.RefitInterval > TimeSpan.Zero ? _options.RefitInterval.TotalSeconds : (double?)null;
            return new RefitStatusDto(state, _refitStartedAt, _lastFit?.FinishedAt, _lastRefitError, _lastRefitErrorAt, interval);
        }
    }

    /// <summary>When the serving version was fitted (or read from the saved file) and how long that took.</summary>
    public FitRecord? LastFit
    {
        get { lock (_statusLock) return _lastFit; }
    }

    private long RefitStarted()
    {
        lock (_statusLock) _refitStartedAt = _time.GetUtcNow();
        return _time.GetTimestamp();
    }

    private void RefitSucceeded(long version, long startedTimestamp, bool fromSavedModel)
    {
        lock (_statusLock)
        {
            var finished = _time.GetUtcNow();
            _lastFit = new FitRecord(version, _refitStartedAt ?? finished, finished, _time.GetElapsedTime(startedTimestamp), fromSavedModel);
            _lastRefitError = null;
            _lastRefitErrorAt = null;
        }
    }

    /// <summary>A fit that threw (a cancelled one — the server stopping — is no failure and is not reported here).</summary>
    private void RefitFailed(string error)
    {
        lock (_statusLock)
        {
            _lastRefitError = error;
            _lastRefitErrorAt = _time.GetUtcNow();
        }
    }

    /// <summary>However the refit ended (even by an exception after the fit), it no longer runs.</summary>
    private void RefitEnded()
    {
        lock (_statusLock) _refitStartedAt = null;
    }

    /// <summary>One finished fit: the version it produced, when it ran and how long it took.</summary>
    internal sealed record FitRecord(long Version, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, TimeSpan Duration, bool FromSavedModel);
}
