namespace Strata.Storage;

/// <summary>
/// A whole store: catalogue, event log, artifacts, bulk import and the experiment log behind one handle, whatever holds it
/// (<c>SqliteStore</c> for a file, <c>PostgresStore</c> for a server). Disposing it closes its connections.
/// </summary>
public interface IStore : ICatalogStore, IEventStore, IArtifactStore, IBulkImporter, IExperimentLog, IDisposable, IAsyncDisposable;
