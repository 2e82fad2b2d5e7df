using System.Text;
using Strata.Interests.Fitting;
using Strata.Interests.Taxonomies;
using Strata.Storage;

namespace Strata.Engine;

/// <summary>
/// The store's one taxonomy (artifact <see cref="TaxonomyArtifacts.Name"/>), keyed by a stamp of what it was built from:
/// the taxonomy settings, the catalogue's ids and the item vectors (which carry the encoder and the item text). A saved
/// tree is reused only while its stamp matches; any change builds and saves a new version.
/// </summary>
internal static class TaxonomyCache
{
    /// <summary>Artifact holding "version|stamp" of the latest tree.</summary>
    public const string StampArtifact = "taxonomy-stamp";

    public static async Task<(Taxonomy Taxonomy, bool Built)> LoadOrBuildAsync(IArtifactStore store, string stamp,
        Func<CancellationToken, Task<Taxonomy>> build, CancellationToken cancellationToken)
    {
        var saved = await TaxonomyArtifacts.LoadAsync(store, cancellationToken: cancellationToken).ConfigureAwait(false);
        var savedStamp = await store.LoadArtifactAsync(StampArtifact, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (saved is not null && savedStamp is not null && Encoding.UTF8.GetString(savedStamp.Data) == $"{saved.Version}|{stamp}") return (saved, false);
        var built = await TaxonomyArtifacts.SaveAsync(store, await build(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        await store.SaveArtifactAsync(StampArtifact, Encoding.UTF8.GetBytes($"{built.Version}|{stamp}"), cancellationToken).ConfigureAwait(false);
        return (built, true);
    }
}
