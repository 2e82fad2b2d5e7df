namespace Strata.Storage;

/// <summary>
/// Loads a whole dataset in one atomic transaction: either everything is imported, or (on any exception from the
/// source, cancellation or a crash) the store is left exactly as it was.
/// </summary>
public interface IBulkImporter
{
    Task<ImportResult> ImportAsync(ImportSource source, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default);
}
