using Microsoft.Extensions.Options;
using Strata.Server.Experiments;
using Strata.Server.Serving;
using Strata.Storage;

namespace Strata.Server.Cluster;

/// <summary>This silo's agent: found by its key (the silo's address) and always activated on that silo.</summary>
[SiloKeyedPlacement]
[KeepAlive]
internal sealed class SiloGrain(ServingHost serving, IEventStore events, ClusterModel model, ExperimentRegistry experiments, IOptions<StrataClusterOptions> options,
    ILocalSiloDetails silo) : Grain, ISiloGrain
{
    public async Task ForgetUserAsync(string storedUserId)
    {
        // The receiving silo already removed the rows; this second delete removes nothing and takes the single node's
        // path for the rest: forget the profile (also in a refit under way) and delete the saved model file it learned from.
        await serving.DeleteUserAsync(events, storedUserId, CancellationToken.None);
    }

    public async Task<long> LoadModelAsync(int publishedVersion)
    {
        // Also where a silo that missed an experiment change catches up (catalogue changes come with the model itself).
        await experiments.ReloadAsync(CancellationToken.None);
        return await model.LoadAsync(publishedVersion, CancellationToken.None);
    }

    public Task CatalogueChangedAsync(CatalogueChange change) => serving.ApplyPeerChangeAsync(change, CancellationToken.None);

    public Task ExperimentsChangedAsync() => experiments.ReloadAsync(CancellationToken.None);

    public Task<SiloServingStatus> StatusAsync() => Task.FromResult(new SiloServingStatus(
        silo.SiloAddress.ToParsableString(), options.Value.SiloName ?? "", serving.Current?.Version ?? 0, model.Loaded, serving.LastSequence));
}

/// <summary>Runs refits for the whole cluster, one at a time: fit here, publish to the shared store, every active silo swaps it in.</summary>
[KeepAlive]
internal sealed class RefitGrain(ServingHost serving, ClusterModel model, TimeProvider time, ILogger<RefitGrain> logger) : Grain, IRefitGrain
{
    // When this activation last began a refit (a new activation, after its silo died, refits at the first tick).
    private DateTimeOffset? _lastStarted;

    public async Task<RefitOutcome?> RefitIfDueAsync(TimeSpan interval)
    {
        if (_lastStarted is { } last && time.GetUtcNow() - last < interval * 0.9) return null;
        return await RefitAndPublishAsync();
    }

    public async Task<RefitOutcome> RefitAndPublishAsync()
    {
        _lastStarted = time.GetUtcNow();
        await serving.RefitAsync(CancellationToken.None, reuseSavedModel: false);
        // The refit saved its model to this silo's file, unless a user was erased while it ran (then it must not be published).
        var published = await model.PublishLocalAsync(CancellationToken.None)
            ?? throw new InvalidOperationException("The refitted model was not saved (a user was erased during the fit, or Strata:Serving:ModelPath is empty); refit again.");
        var hosts = await GrainFactory.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        var loads = hosts.Keys.Select(async silo =>
        {
            var key = silo.ToParsableString();
            try
            {
                await GrainFactory.GetGrain<ISiloGrain>(key).LoadModelAsync(published);
                return (key, ok: true);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Silo {Silo} could not load published model v{Version}", key, published);
                return (key, ok: false);
            }
        });
        var results = await Task.WhenAll(loads);
        return new RefitOutcome(published, [.. results.Where(r => r.ok).Select(r => r.key)], [.. results.Where(r => !r.ok).Select(r => r.key)]);
    }
}
