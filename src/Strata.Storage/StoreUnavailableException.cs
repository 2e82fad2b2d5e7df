namespace Strata.Storage;

/// <summary>Why a store cannot take writes (or be opened) right now.</summary>
public enum StoreFailure
{
    /// <summary>The disk, or the store's configured size limit, is full.</summary>
    Full,
    /// <summary>The store file or its folder is read-only.</summary>
    ReadOnly,
    /// <summary>Another process holds the store's write lock past the busy timeout.</summary>
    Busy,
    /// <summary>The operating system reported an I/O error, or the file cannot be opened.</summary>
    IoError,
    /// <summary>The file is damaged or is not a store.</summary>
    Corrupt,
}

/// <summary>
/// The store could not commit (or open) because of its environment, not because of what was asked: nothing was written.
/// Hosts report it as "unavailable" (HTTP 503 naming <see cref="Reason"/>) rather than as a bug.
/// </summary>
public sealed class StoreUnavailableException(StoreFailure reason, string message, Exception? inner = null) : IOException(message, inner)
{
    public StoreFailure Reason { get; } = reason;

    /// <summary>The reason as a short kebab-case slug (<c>store-full</c>, <c>store-read-only</c>…), for problem types and metrics.</summary>
    public string Slug => Reason switch
    {
        StoreFailure.Full => "store-full",
        StoreFailure.ReadOnly => "store-read-only",
        StoreFailure.Busy => "store-busy",
        StoreFailure.IoError => "store-io-error",
        _ => "store-corrupt",
    };
}
