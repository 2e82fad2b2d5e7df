using System.Text;

namespace Strata.Storage.Privacy;

/// <summary>
/// Records in the store (artifact <see cref="ArtifactName"/>) which pseudonym key, if any, its user ids were written
/// under, so that turning pseudonyms on for a store of raw ids — or starting with another key — is refused with a
/// message saying what to do, instead of silently orphaning every existing user.
/// </summary>
public static class PseudonymMarker
{
    public const string ArtifactName = "pseudonyms";

    /// <summary>
    /// Checks that <paramref name="pseudonyms"/> matches how the store's ids were written, and marks a store without users
    /// as pseudonymised by this key when pseudonyms are on.
    /// </summary>
    /// <exception cref="PseudonymMismatchException">The store's ids were written under another key, or raw while a key is set, or pseudonymised while none is.</exception>
    public static async Task VerifyAsync(ICatalogStore catalog, IArtifactStore artifacts, Pseudonymizer pseudonyms, string storeName,
        CancellationToken cancellationToken = default)
    {
        var recorded = await RecordedAsync(artifacts, cancellationToken).ConfigureAwait(false);
        if (!pseudonyms.Enabled)
        {
            if (recorded is not null)
                throw new PseudonymMismatchException($"{storeName} holds pseudonymised user ids: set {Pseudonymizer.KeyEnvironmentVariable} to the key it was pseudonymised with.");
            return;
        }
        if (recorded == pseudonyms.Fingerprint) return;
        if (recorded is not null)
            throw new PseudonymMismatchException($"{storeName} was pseudonymised with another key (fingerprint {recorded}, this key's is {pseudonyms.Fingerprint}).");
        var users = (await catalog.CountCatalogAsync(cancellationToken).ConfigureAwait(false)).Users;
        if (users > 0)
            throw new PseudonymMismatchException(
                $"{storeName} holds {users} users under their raw ids: run `strata pseudonymise --db {storeName}` with the same key to convert them, or start without a pseudonym key.");
        await MarkAsync(artifacts, pseudonyms, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The fingerprint of the key the store's ids were written under, or null for raw ids.</summary>
    public static async Task<string?> RecordedAsync(IArtifactStore artifacts, CancellationToken cancellationToken = default) =>
        await artifacts.LoadArtifactAsync(ArtifactName, cancellationToken: cancellationToken).ConfigureAwait(false) is { } marker
            ? Encoding.UTF8.GetString(marker.Data)
            : null;

    /// <summary>Records that the store's ids are written under <paramref name="pseudonyms"/>' key.</summary>
    public static Task<int> MarkAsync(IArtifactStore artifacts, Pseudonymizer pseudonyms, CancellationToken cancellationToken = default) =>
        artifacts.SaveArtifactAsync(ArtifactName, Payload(pseudonyms), cancellationToken);

    /// <summary>What the marker artifact holds: the key's fingerprint.</summary>
    public static byte[] Payload(Pseudonymizer pseudonyms) =>
        Encoding.UTF8.GetBytes(pseudonyms.Fingerprint ?? throw new ArgumentException("Pseudonyms are off.", nameof(pseudonyms)));
}
