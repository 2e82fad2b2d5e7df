namespace Strata.Storage;

/// <summary>Phases of a bulk import, in order.</summary>
public enum ImportStage
{
    Items,
    Users,
    Events,
    /// <summary>Building the event log's read indexes (only when importing into an empty log).</summary>
    Indexing,
    /// <summary>Writing the transaction to disk (and checkpointing the write-ahead log).</summary>
    Committing,
}
