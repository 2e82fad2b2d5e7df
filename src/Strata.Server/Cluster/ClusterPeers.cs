using Microsoft.Extensions.Options;
using Strata.Server.Serving;

namespace Strata.Server.Cluster;

/// <summary>
/// The other silos, as this silo's <see cref="ServingHost"/> sees them: catalogue and experiment changes are told to each
/// active silo's <see cref="ISiloGrain"/>, and refits go to the cluster's one <see cref="IRefitGrain"/>.
/// </summary>
internal sealed class ClusterPeers(IGrainFactory grains, ILocalSiloDetails local, IOptions<StrataClusterOptions> options, ILogger<ClusterPeers> logger)
    : IServingPeers
{
    public Task CatalogueChangedAsync(CatalogueChange change, CancellationToken cancellationToken) =>
        TellOthersAsync(silo => silo.CatalogueChangedAsync(change), "a catalogue change", cancellationToken);

    public Task ExperimentsChangedAsync(CancellationToken cancellationToken) =>
        TellOthersAsync(silo => silo.ExperimentsChangedAsync(), "an experiment change", cancellationToken);

    public Task RefitAsync(CancellationToken cancellationToken) =>
        grains.GetGrain<IRefitGrain>(0).RefitAndPublishAsync().WaitAsync(cancellationToken);

    public Task RefitIfDueAsync(TimeSpan interval, CancellationToken cancellationToken) =>
        grains.GetGrain<IRefitGrain>(0).RefitIfDueAsync(interval).WaitAsync(cancellationToken);

    private async Task TellOthersAsync(Func<ISiloGrain, Task> tell, string what, CancellationToken cancellationToken)
    {
        var told = new List<Task>();
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
            told.AddRange(hosts.Keys.Where(silo => !silo.Equals(local.SiloAddress)).Select(silo => tell(grains.GetGrain<ISiloGrain>(silo.ToParsableString()))));
            await Task.WhenAll(told).WaitAsync(options.Value.NotifyTimeout, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store holds the change; a silo that missed it shows it after its next model swap.
            logger.LogWarning("{Failed} of {Silos} silos did not confirm {Change} ({Reason}); they show it after their next model swap",
                told.Count(t => !t.IsCompletedSuccessfully), told.Count, what, e.GetType().Name);
        }
    }
}
