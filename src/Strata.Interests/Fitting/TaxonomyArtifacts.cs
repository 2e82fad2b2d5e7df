using Strata.Interests.Taxonomies;
using Strata.Storage;

namespace Strata.Interests.Fitting;

/// <summary>The taxonomy as a named, versioned artifact in an <see cref="IArtifactStore"/>.</summary>
public static class TaxonomyArtifacts
{
    /// <summary>Artifact name shared by <c>strata fit</c>, the server and every reader of the tree.</summary>
    public const string Name = "taxonomy";

    /// <summary>Saves the tree as the next version and returns it carrying that version.</summary>
    public static async Task<Taxonomy> SaveAsync(IArtifactStore store, Taxonomy taxonomy, CancellationToken cancellationToken = default)
    {
        var version = await store.SaveArtifactAsync(Name, taxonomy.ToBytes(), cancellationToken).ConfigureAwait(false);
        return taxonomy.WithVersion(version);
    }

    /// <summary>The latest (or given) version, or null when none was saved.</summary>
    public static async Task<Taxonomy?> LoadAsync(IArtifactStore store, int? version = null, CancellationToken cancellationToken = default)
    {
        var artifact = await store.LoadArtifactAsync(Name, version, cancellationToken).ConfigureAwait(false);
        return artifact is null ? null : Taxonomy.FromBytes(artifact.Data, artifact.Version);
    }
}
