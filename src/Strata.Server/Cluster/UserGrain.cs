using Orleans.Concurrency;
using Strata.Server.Serving;
using Strata.Storage;

namespace Strata.Server.Cluster;

/// <summary>
/// A user's live profile on this silo. Orleans runs one call at a time per grain, so rebuilds, catch-ups and erasure of
/// one user never interleave; <see cref="ServingState"/> guards its own maps against other users' grains.
/// The watermark is tied to the serving state it was applied to: after a swap the new state was built from the log
/// as it stood then, so the profile is rebuilt once in it (never a second application of the same events).
/// </summary>
internal sealed class UserGrain(ServingHost serving, IEventStore events, LocalUserReads reads, ILocalSiloDetails silo) : Grain, IUserGrain
{
    private const int PageSize = 1000;
    private long _appliedToVersion = -1;
    private long _appliedThrough;
    private long _appliedEvents;

    private string StoredUserId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Whatever another silo held of this user is stale here: rebuild from the log now, before the first request.
        await LiveStateAsync(catchUp: true, cancellationToken);
    }

    public async Task<Immutable<UserRecommendationAnswer>> RecommendAsync(Immutable<UserRecommendationQuery> query)
    {
        if (await LiveStateAsync(catchUp: false, CancellationToken.None) is null) return new(new UserRecommendationAnswer(UserReadStatus.NotReady));
        return new(await reads.RecommendAsync(StoredUserId, query.Value, CancellationToken.None));
    }

    public async Task<Immutable<UserInterestsAnswer>> InterestsAsync(string externalUserId)
    {
        if (await LiveStateAsync(catchUp: false, CancellationToken.None) is null) return new(new UserInterestsAnswer(UserReadStatus.NotReady));
        return new(await reads.InterestsAsync(StoredUserId, externalUserId, CancellationToken.None));
    }

    public Task CatchUpAsync() => LiveStateAsync(catchUp: true, CancellationToken.None);

    public Task RebuildAsync()
    {
        _appliedToVersion = -1;
        return LiveStateAsync(catchUp: true, CancellationToken.None);
    }

    public Task EraseAsync()
    {
        serving.Current?.ForgetUser(StoredUserId);
        _appliedToVersion = -1;
        _appliedThrough = 0;
        _appliedEvents = 0;
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<UserGrainStatus> StatusAsync() =>
        Task.FromResult(new UserGrainStatus(silo.SiloAddress.ToParsableString(), _appliedThrough, _appliedEvents));

    /// <summary>
    /// This silo's serving state with the user's profile in it (null before the first model): rebuilt from the log when
    /// the state is not the one the profile was applied to, else — when <paramref name="catchUp"/> — brought up to the end
    /// of the log. Reads do not catch up: every commit of the user's events has told this grain before it was
    /// acknowledged, so a read costs no query of the log.
    /// </summary>
    private async Task<ServingState?> LiveStateAsync(bool catchUp, CancellationToken cancellationToken)
    {
        if (serving.Current is not { } state) return null;
        if (state.Version != _appliedToVersion)
        {
            var all = new List<StoredEvent>();
            await foreach (var e in events.ReadByUserAsync(StoredUserId, cancellationToken)) all.Add(e);
            all.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
            state.ForgetUser(StoredUserId);
            state.Apply(all);
            _appliedToVersion = state.Version;
            _appliedThrough = all.Count > 0 ? all[^1].Sequence : 0;
            _appliedEvents = all.Count;
            return state;
        }
        while (catchUp)
        {
            var page = await events.ReadUserEventsPageAsync(StoredUserId, _appliedThrough, PageSize, cancellationToken);
            if (page.Count == 0) break;
            state.Apply(page);
            _appliedThrough = page[^1].Sequence;
            _appliedEvents += page.Count;
            if (page.Count < PageSize) break;
        }
        return state;
    }
}
