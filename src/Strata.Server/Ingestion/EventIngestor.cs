using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Strata.Core.Domain;
using Strata.Server.Serving;
using Strata.Server.Storage;
using Strata.Server.Telemetry;
using Strata.Storage;

namespace Strata.Server.Ingestion;

/// <summary>
/// Group commit: concurrent <c>POST /events</c> requests queue here; one writer drains everything waiting into a single
/// SQLite transaction, then completes each request only after that commit (so an acknowledgement always means durable).
/// Under load a commit carries many requests, so throughput grows with concurrency instead of being capped by fsyncs.
/// The writer also applies the committed events to the live profiles before acknowledging, so a client's next
/// recommendation already reflects its events. Deletes of users go through the same writer, so they are ordered with appends.
/// </summary>
internal sealed class EventIngestor : BackgroundService
{
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IEventStore _store;
    private readonly StoreHealth _health;
    private readonly ServingHost _serving;
    private readonly StrataMetrics _metrics;
    private readonly ILogger<EventIngestor> _logger;
    private readonly ILiveProfileOwner? _profileOwner;
    private readonly int _maxEventsPerCommit;
    private int _queued;

    public EventIngestor(IEventStore store, ServingHost serving, StoreHealth health, StrataMetrics metrics, IOptions<StrataServerOptions> options, ILogger<EventIngestor> logger,
        ILiveProfileOwner? profileOwner = null)
    {
        _profileOwner = profileOwner;
        _health = health;
        _store = store;
        _serving = serving;
        _metrics = metrics;
        _logger = logger;
        _maxEventsPerCommit = Math.Max(1, options.Value.MaxEventsPerCommit);
    }

    /// <summary>Requests waiting for a commit.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Queues a request's events and completes once they are committed (or rejected as a whole).</summary>
    public Task<IngestOutcome> AppendAsync(IReadOnlyList<Event> events, CancellationToken cancellationToken)
    {
        var pending = new Pending(events, null, Stopwatch.GetTimestamp());
        Enqueue(pending);
        // The commit may still happen after the client gives up; the caller only stops waiting.
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Erases a user in order with appends; returns the number of events removed.</summary>
    public async Task<long> DeleteUserAsync(string storedUserId, CancellationToken cancellationToken)
    {
        var pending = new Pending([], storedUserId, Stopwatch.GetTimestamp());
        Enqueue(pending);
        var outcome = await pending.Done.Task.WaitAsync(cancellationToken);
        return outcome.Accepted;
    }

    private void Enqueue(Pending pending)
    {
        Interlocked.Increment(ref _queued);
        if (!_queue.Writer.TryWrite(pending))
        {
            Interlocked.Decrement(ref _queued);
            throw new InvalidOperationException("The server is shutting down.");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>();
        var events = new List<Event>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                events.Clear();
                // Take everything waiting (bounded by MaxEventsPerCommit); a delete ends the group so it runs alone, in order.
                while (_queue.Reader.TryPeek(out var next))
                {
                    if (next.DeleteUser is not null)
                    {
                        if (batch.Count == 0) { _queue.Reader.TryRead(out _); batch.Add(next); }
                        break;
                    }
                    if (batch.Count > 0 && events.Count + next.Events.Count > _maxEventsPerCommit) break;
                    _queue.Reader.TryRead(out _);
                    batch.Add(next);
                    events.AddRange(next.Events);
                }
                Interlocked.Add(ref _queued, -batch.Count);
                if (batch[0].DeleteUser is { } user) await DeleteAsync(batch[0], user);
                else await CommitAsync(batch, events);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            _queue.Writer.TryComplete();
            while (_queue.Reader.TryRead(out var left)) left.Done.TrySetException(new OperationCanceledException("The server stopped before this request was committed."));
        }
    }

    private async Task CommitAsync(List<Pending> batch, List<Event> events)
    {
        try
        {
            // Never cancelled by shutdown: a transaction that started is allowed to finish so its clients get their answer.
            var committed = await _serving.AppendAndApplyAsync(_store, events, CancellationToken.None);
            _health.Succeeded();
            _metrics.Committed(committed.Result.Appended, committed.Result.Duplicates);
            var newKeys = committed.NewIdempotencyKeys;
            var outcomes = new List<(Pending Pending, IngestOutcome Outcome)>(batch.Count);
            foreach (var pending in batch)
            {
                int accepted = 0, duplicates = 0;
                foreach (var e in pending.Events)
                {
                    // Events without a key are never duplicates; a key counts as accepted once, for the first request carrying it.
                    if (e.IdempotencyKey is null || newKeys.Remove(e.IdempotencyKey)) accepted++;
                    else duplicates++;
                }
                outcomes.Add((pending, new IngestOutcome(accepted, duplicates, committed.Result.LastSequence)));
            }
            if (_profileOwner is null) Acknowledge(outcomes);
            // Committed, not yet acknowledged: the owners of the users' live profiles (a cluster's grains) apply them first,
            // off this loop so that the next group commit does not wait for this one's grains.
            else _ = AcknowledgeAfterAsync(_profileOwner.CommittedAsync(committed.Written, CancellationToken.None), outcomes);
            if (_logger.IsEnabled(LogLevel.Debug))
                _logger.LogDebug("Group commit: {Requests} requests, {Appended} appended, {Duplicates} duplicates", batch.Count, committed.Result.Appended, committed.Result.Duplicates);
        }
        catch (RejectedEventException) when (batch.Count > 1)
        {
            // One request's refused event must not fail its neighbours: commit each request on its own.
            foreach (var pending in batch) await CommitAsync([pending], [.. pending.Events]);
        }
        catch (RejectedEventException e)
        {
            // The client's mistake (e.g. an item not in the catalogue), answered as a 400; nothing was written.
            batch[0].Done.TrySetException(e);
        }
        catch (StoreUnavailableException e)
        {
            _health.Failed(e);
            foreach (var pending in batch) pending.Done.TrySetException(e);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Commit of {Requests} event requests failed", batch.Count);
            foreach (var pending in batch) pending.Done.TrySetException(e);
        }
    }

    private void Acknowledge(List<(Pending Pending, IngestOutcome Outcome)> outcomes)
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var (pending, outcome) in outcomes)
        {
            _metrics.Lag(Stopwatch.GetElapsedTime(pending.Enqueued, now));
            pending.Done.TrySetResult(outcome);
        }
    }

    /// <summary>Acknowledges once the profiles' owner has applied the commit, or failed to: the commit is durable either way.</summary>
    private async Task AcknowledgeAfterAsync(Task applied, List<(Pending Pending, IngestOutcome Outcome)> outcomes)
    {
        try
        {
            await applied;
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Applying a commit of {Requests} event requests to live profiles failed", outcomes.Count);
        }
        Acknowledge(outcomes);
    }

    private async Task DeleteAsync(Pending pending, string user)
    {
        try
        {
            var removed = await _serving.DeleteUserAsync(_store, user, CancellationToken.None);
            // A user with no rows has no live profile on another silo (grains hold only what the log holds).
            if (_profileOwner is not null && removed > 0) await _profileOwner.ErasedAsync(user, removed, CancellationToken.None);
            pending.Done.TrySetResult(new IngestOutcome((int)Math.Min(int.MaxValue, removed), 0, 0));
        }
        catch (StoreUnavailableException e)
        {
            _health.Failed(e);
            pending.Done.TrySetException(e);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Deleting a user failed");
            pending.Done.TrySetException(e);
        }
    }

    private sealed record Pending(IReadOnlyList<Event> Events, string? DeleteUser, long Enqueued)
    {
        public TaskCompletionSource<IngestOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
