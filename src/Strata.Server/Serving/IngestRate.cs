namespace Strata.Server.Serving;

/// <summary>
/// Events committed per UTC minute over the last hour, counted as they commit (not by their own timestamps, which a
/// client sets and may lie in the past). Lives in memory: a restart starts counting afresh.
/// </summary>
internal sealed class IngestRate(TimeProvider time)
{
    public const int Window = 60;

    private readonly Lock _lock = new();
    private readonly long[] _counts = new long[Window];
    private readonly long[] _minutes = new long[Window];
    private long _total;

    /// <summary>Events committed since this server started.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Record(int events)
    {
        if (events <= 0) return;
        var minute = CurrentMinute();
        lock (_lock)
        {
            var slot = (int)(minute % Window);
            if (_minutes[slot] != minute)
            {
                _minutes[slot] = minute;
                _counts[slot] = 0;
            }
            _counts[slot] += events;
        }
        Interlocked.Add(ref _total, events);
    }

    /// <summary>Counts for the last <paramref name="minutes"/> UTC minutes, oldest first; the last one is the minute under way.</summary>
    public long[] LastMinutes(int minutes)
    {
        minutes = Math.Clamp(minutes, 1, Window);
        var now = CurrentMinute();
        var result = new long[minutes];
        lock (_lock)
            for (int k = 0; k < minutes; k++)
            {
                var minute = now - (minutes - 1 - k);
                var slot = (int)(minute % Window);
                result[k] = _minutes[slot] == minute ? _counts[slot] : 0;
            }
        return result;
    }

    /// <summary>The start of the minute under way.</summary>
    public DateTimeOffset CurrentMinuteStart => DateTimeOffset.FromUnixTimeSeconds(CurrentMinute() * 60);

    private long CurrentMinute() => time.GetUtcNow().ToUnixTimeSeconds() / 60;
}
