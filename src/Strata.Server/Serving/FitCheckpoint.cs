namespace Strata.Server.Serving;

/// <summary>
/// A fixed point in every fit, after the event log has been read and before profiles and the model are built: a host
/// may wait there (tests use it to erase a user at exactly the moment a refit has read their events). Does nothing by default.
/// </summary>
internal sealed class FitCheckpoint
{
    /// <summary>Awaited once per fit, right after the log has been read.</summary>
    public Func<CancellationToken, Task>? LogRead { get; set; }

    public Task ReachedAsync(CancellationToken cancellationToken) => LogRead?.Invoke(cancellationToken) ?? Task.CompletedTask;
}
