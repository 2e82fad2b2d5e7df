namespace Strata.Storage;

/// <summary>
/// Named, versioned blobs: fitted models, taxonomies, caches. Each save under a name gets the next version number
/// (1, 2, …); old versions stay readable, so a model can be rolled back or compared.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Stores <paramref name="data"/> as the next version of <paramref name="name"/> and returns that version.</summary>
    Task<int> SaveArtifactAsync(string name, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default);

    /// <summary>The latest version of <paramref name="name"/> (or the given <paramref name="version"/>), or null if absent.</summary>
    Task<Artifact?> LoadArtifactAsync(string name, int? version = null, CancellationToken cancellationToken = default);
}
