namespace Strata.Storage;

/// <summary>
/// A store that can rewrite its files so that deleted content survives nowhere in them (after an erasure). Costs a pass
/// over the whole store; hosts run it after erasures or on demand.
/// </summary>
public interface IStoreCompaction
{
    Task CompactAsync(CancellationToken cancellationToken = default);
}
