using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Strata.Server.Cluster;

/// <summary>
/// Places a grain on the silo its key names (<see cref="SiloAddress.ToParsableString"/>): one grain per silo, each
/// activated where it must act (swap that silo's model, make that silo forget a user), whoever calls it first.
/// </summary>
[Serializable, GenerateSerializer, Immutable]
public sealed class SiloKeyedPlacement : PlacementStrategy;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloKeyedPlacementAttribute() : PlacementAttribute(new SiloKeyedPlacement());

internal sealed class SiloKeyedPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silo = SiloAddress.FromParsableString(target.GrainIdentity.Key.ToString()!);
        // A silo that has left cannot host its grain: the call fails rather than running on the wrong silo.
        if (Array.IndexOf(context.GetCompatibleSilos(target), silo) < 0)
            throw new OrleansException($"Silo {silo} is not an active member of the cluster.");
        return Task.FromResult(silo);
    }
}
