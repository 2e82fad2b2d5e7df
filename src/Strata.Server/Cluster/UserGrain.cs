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
        await LiveStateAsync(cancellationToken);
    }

    public async Task<UserRecommendationAnswer> RecommendAsync(UserRecommendationQuery query)
    {
        if (await LiveStateAsync(CancellationToken.None) is null) return new(UserReadStatus.NotReady);
        return await reads.RecommendAsync(StoredUserId, query, CancellationToken.None);
    }

    public async Task<UserInterestsAnswer> InterestsAsync(string externalUserId)
    {
        if (await LiveStateAsync(CancellationToken.None) is null) return new(UserReadStatus.NotReady);
        return await reads.InterestsAsync(StoredUserId, externalUserId, CancellationToken.None);
    }

    public Task CatchUpAsync() => LiveStateAsync(CancellationToken.None);

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

    /// <summary>This silo's serving state with the user's events applied up to the end of the log; null before the first model.</summary>
    private async Task<ServingState?> LiveStateAsync(CancellationToken cancellationToken)
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
        while (true)
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
