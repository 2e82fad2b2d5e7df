using Microsoft.Extensions.Options;
using Strata.Core.Domain;
using Strata.Server.Contracts;
using Strata.Storage;

namespace Strata.Server.Serving;

/// <summary>
/// Owns the serving state and every change to it. Readers take <see cref="Current"/> (one volatile read) and use that
/// version throughout a request, so a refit swapping in a new model never shows them a half-built one.
/// Writers — group commits, user deletes and the publication of a refitted state — are serialised by one lock, which is
/// what makes "profiles = the log" hold: each committed event is applied exactly once to the state that is current when
/// it commits, and a refitted state catches up on the events committed while it was being fitted before it is published.
/// </summary>
internal sealed partial class ServingHost : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly SemaphoreSlim _refitLock = new(1, 1);
    private readonly ServingStateFactory _factory;
    private readonly IStoreCompaction _compaction;
    private readonly StrataServerOptions _options;
    private readonly IEventStore _events;
    private readonly ICatalogStore _catalog;
    private readonly ILogger<ServingHost> _logger;
    private readonly Experiments.ExperimentRouter _experiments;
    private readonly ILiveProfileOwner? _profileOwner;
    private readonly IServingPeers? _peers;
    private ServingState? _current;
    private long _lastSequence = -1;
    private long _nextVersion;
    private long _erasures;
    // Users erased while a refit runs (guarded by the write lock), so the refitted state forgets them before it serves.
    private readonly List<string> _erasedDuringRefit = [];
    private bool _refitting;
    private readonly TimeProvider _time;

    public ServingHost(ServingStateFactory factory, IEventStore events, ICatalogStore catalog, IStoreCompaction compaction, IOptions<StrataServerOptions> options,
        Experiments.ExperimentRouter experiments, TimeProvider time, ILogger<ServingHost> logger, ILiveProfileOwner? profileOwner = null,
        IServingPeers? peers = null)
    {
        _time = time;
        _peers = peers;
        Ingest = new IngestRate(time);
        _profileOwner = profileOwner;
        _catalog = catalog;
        _experiments = experiments;
        _compaction = compaction;
        _options = options.Value;
        _factory = factory;
        _events = events;
        _logger = logger;
    }

    /// <summary>The state serving requests, or null before the first fit.</summary>
    public ServingState? Current => Volatile.Read(ref _current);

    /// <summary>Sequence number of the last event applied to the serving state.</summary>
    public long LastSequence => Math.Max(0, Interlocked.Read(ref _lastSequence));

    /// <summary>Why the server is not ready, when the last fit failed.</summary>
    public string? StartupError { get; private set; }

    /// <summary>Appends a batch durably, then applies exactly the newly written events to the live profiles.</summary>
    public async Task<CommitResult> AppendAndApplyAsync(IEventStore store, IReadOnlyList<Event> events, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            // Before the first fit nothing has read the log yet: learn where it ends (an empty append commits nothing).
            // Sequence numbers may have gaps (a dropped duplicate can use one), so this cannot be derived from a result.
            if (_lastSequence < 0) Interlocked.Exchange(ref _lastSequence, (await store.AppendAsync([], cancellationToken)).LastSequence);
            var result = await store.AppendAsync(events, cancellationToken);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            // Read back what this commit wrote (sequence order): duplicates are not in it, so they are never applied twice.
            var written = await ReadSinceAsync(store, _lastSequence, cancellationToken);
            foreach (var e in written)
                if (e.Event.IdempotencyKey is { } key) keys.Add(key);
            // In a cluster each user's grain applies their events on its own silo (told by the ingestor after this commit).
            if (_profileOwner is null) Current?.Apply(written);
            Interlocked.Exchange(ref _lastSequence, result.LastSequence);
            Ingest.Record(written.Count);
            // Clicks and purchases on items an experiment showed count for the variant that showed them.
            await _experiments.CreditAsync(written);
            return new CommitResult(result, keys, written);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Erases a user's events and profile; returns the number of events removed.</summary>
    public async Task<long> DeleteUserAsync(IEventStore store, string storedUserId, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var removed = await store.DeleteUserAsync(storedUserId, cancellationToken);
            // In a cluster this silo's state is not told of every user's events (each user's grain applies them where it
            // lives), yet its next fit reads them all: any erasure must invalidate what it fits and saves.
            var known = _profileOwner is not null || Current?.KnowsUser(storedUserId) == true;
            Current?.ForgetUser(storedUserId);
            // A refit under way read the log before this erase: it forgets the user before it is published.
            if (_refitting) _erasedDuringRefit.Add(storedUserId);
            // Stale copies of the erased rows may linger in the store's pages until it is rewritten.
            if (removed > 0 && _options.CompactAfterErasure) await _compaction.CompactAsync(cancellationToken);
            if (removed > 0 || known)
            {
                // The saved model learned from this user's events: it must not outlive the erase (the served one is replaced at the next refit).
                Interlocked.Increment(ref _erasures);
                _factory.DeleteSavedModel();
            }
            return removed;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Fits a new state from the store (taxonomy, collaborative model, ranker, profiles from the log) while the current one keeps
    /// serving, then catches it up with events committed meanwhile and swaps it in. Returns the new version.
    /// </summary>
    public async Task<long> RefitAsync(CancellationToken cancellationToken, bool reuseSavedModel = false)
    {
        await _refitLock.WaitAsync(cancellationToken);
        try
        {
            var version = Interlocked.Increment(ref _nextVersion);
            var started = RefitStarted();
            long erasures;
            await _writeLock.WaitAsync(cancellationToken);
            try
            {
                erasures = Interlocked.Read(ref _erasures);
                _erasedDuringRefit.Clear();
                _refitting = true;
            }
            finally
            {
                _writeLock.Release();
            }
            ServingState fitted;
            try
            {
                fitted = await _factory.FitAsync(version, reuseSavedModel, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                StartupError = Current is null ? $"fit failed: {e.Message}" : null;
                RefitFailed(e.Message);
                await StopTrackingErasuresAsync();
                throw;
            }
            catch
            {
                await StopTrackingErasuresAsync();
                throw;
            }
            await _writeLock.WaitAsync(CancellationToken.None);
            try
            {
                // Users erased while the fit ran are forgotten first (the fit read their events before the erase); whatever the
                // log holds of them up to the fit (they may have come back since) is replayed, then everything after the fit.
                foreach (var erased in _erasedDuringRefit.Distinct(StringComparer.Ordinal))
                {
                    fitted.ForgetUser(erased);
                    fitted.Apply(await ReadUserThroughAsync(erased, fitted.LastSequence));
                }
                _erasedDuringRefit.Clear();
                _refitting = false;
                fitted.Apply(await ReadSinceAsync(_events, fitted.LastSequence, CancellationToken.None));
                await ReloadHiddenAsync(fitted);
                Volatile.Write(ref _current, fitted);
                Interlocked.Exchange(ref _lastSequence, fitted.LastSequence);
                StartupError = null;
                RefitSucceeded(version, started, fitted.FromSavedModel);
            }
            finally
            {
                _writeLock.Release();
            }
            _logger.LogInformation("Model v{Version} serving: {Items} items, {Users} users, log at {Sequence}",
                version, fitted.ItemCount, fitted.UserCount, fitted.LastSequence);
            await SaveModelAsync(fitted, erasures, cancellationToken);
            return version;
        }
        finally
        {
            RefitEnded();
            _refitLock.Release();
        }
    }

    /// <summary>
    /// New or changed items (already in the store): embedded and placed in the current tree at once, here and on every
    /// peer; the next refit folds them into the models.
    /// </summary>
    public async Task<IReadOnlyList<ItemPlacement>> AddItemsAsync(IReadOnlyList<Item> items, CancellationToken cancellationToken)
    {
        var placements = await PlaceItemsAsync(items, cancellationToken);
        await TellPeersAsync(CatalogueChange.Items([.. items.Select(i => i.Id)]), cancellationToken);
        return placements;
    }

    private async Task<IReadOnlyList<ItemPlacement>> PlaceItemsAsync(IReadOnlyList<Item> items, CancellationToken cancellationToken)
    {
        if (Current is not { } state) return [];
        var vectors = await _factory.EmbedItemsAsync(items, state, cancellationToken);
        return state.AddItems(items, vectors);
    }

    /// <summary>Refits now and returns the version serving here: on a single node this process fits; in a cluster one fit serves every silo.</summary>
    public async Task<long> RefitEverywhereAsync(CancellationToken cancellationToken)
    {
        if (_peers is null) return await RefitAsync(cancellationToken);
        await _peers.RefitAsync(cancellationToken);
        return Current?.Version ?? 0;
    }

    /// <summary>A scheduled refit (<see cref="StrataServerOptions.RefitInterval"/>): this process's own, or the cluster's when due.</summary>
    public Task RefitOnScheduleAsync(TimeSpan interval, CancellationToken cancellationToken) =>
        _peers is null ? RefitAsync(cancellationToken) : _peers.RefitIfDueAsync(interval, cancellationToken);

    /// <summary>True when this process is one silo of a cluster: other silos serve the same store, and refits are the cluster's.</summary>
    public bool HasPeers => _peers is not null;

    /// <summary>An experiment was added or stopped here: the peers reread the experiments.</summary>
    public Task ExperimentsChangedAsync(CancellationToken cancellationToken) =>
        _peers?.ExperimentsChangedAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>The interest tree of a stored user, with item-level strengths and the trend of the top interests, or null if unknown.</summary>
    public async Task<InterestsResponse?> InterestsAsync(string storedUserId, string externalUserId, CancellationToken cancellationToken)
    {
        if (Current is not { } state || !state.KnowsUser(storedUserId)) return null;
        var events = new List<StoredEvent>();
        await foreach (var e in _events.ReadByUserAsync(storedUserId, cancellationToken)) events.Add(e);
        return state.Interests(storedUserId, externalUserId, events);
    }

    /// <summary>Cold start: embeds the text and recommends from the interests it matches.</summary>
    public async Task<RecommendationsResponse> RecommendForTextAsync(string text, int n, float diversity, IReadOnlyList<string> exclude, CancellationToken cancellationToken)
    {
        var state = Current ?? throw new InvalidOperationException("No model is serving yet.");
        var query = await _factory.EmbedQueryAsync(text, cancellationToken);
        return state.RecommendForText(query, n, diversity, Filter([], exclude));
    }

    /// <summary>
    /// Saves a freshly fitted model for the next start, unless a user was erased since its fit began (it may hold their
    /// events): the file is renamed into place under the write lock, which erasures also take.
    /// </summary>
    private async Task SaveModelAsync(ServingState fitted, long erasuresAtFit, CancellationToken cancellationToken)
    {
        var temporary = await Task.Run(() => _factory.WriteModel(fitted), cancellationToken);
        if (temporary is null) return;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (Interlocked.Read(ref _erasures) == erasuresAtFit) _factory.CommitModel(temporary);
            else _factory.DiscardModel(temporary);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task StopTrackingErasuresAsync()
    {
        await _writeLock.WaitAsync(CancellationToken.None);
        _erasedDuringRefit.Clear();
        _refitting = false;
        _writeLock.Release();
    }

    /// <summary>A user's events up to <paramref name="throughSequence"/>, in log order.</summary>
    private async Task<List<StoredEvent>> ReadUserThroughAsync(string storedUserId, long throughSequence)
    {
        var events = new List<StoredEvent>();
        await foreach (var e in _events.ReadByUserAsync(storedUserId, CancellationToken.None))
            if (e.Sequence <= throughSequence) events.Add(e);
        events.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return events;
    }

    private static async Task<List<StoredEvent>> ReadSinceAsync(IEventStore store, long afterSequence, CancellationToken cancellationToken)
    {
        var events = new List<StoredEvent>();
        await foreach (var e in store.ReadSinceAsync(Math.Max(0, afterSequence), cancellationToken)) events.Add(e);
        return events;
    }

    public void Dispose()
    {
        _writeLock.Dispose();
        _refitLock.Dispose();
    }
}
