using Strata.Interests.Taxonomies;
using Strata.Storage;

namespace Strata.Engine;

/// <summary>The taxonomy, and the names a chat model gave its nodes, as named, versioned artifacts in an <see cref="IArtifactStore"/>.</summary>
public static class TaxonomyArtifacts
{
    /// <summary>Artifact name shared by <c>strata fit</c>, the server and every reader of the tree.</summary>
    public const string Name = "taxonomy";

    /// <summary>Artifact name of the chat-given node names (<see cref="ChatLabelCache"/>).</summary>
    public const string ChatLabelsName = "taxonomy-chat-labels";

    /// <summary>The chat-given names saved in <paramref name="store"/>, or an empty cache.</summary>
    public static async Task<ChatLabelCache> LoadChatLabelsAsync(IArtifactStore store, CancellationToken cancellationToken = default) =>
        ChatLabelCache.FromBytes((await store.LoadArtifactAsync(ChatLabelsName, cancellationToken: cancellationToken).ConfigureAwait(false))?.Data);

    /// <summary>Saves a new version of the names when the cache gained some since it was loaded.</summary>
    public static async Task SaveChatLabelsAsync(IArtifactStore store, ChatLabelCache cache, CancellationToken cancellationToken = default)
    {
        if (cache.ChangedBytes() is { } data) await store.SaveArtifactAsync(ChatLabelsName, data, cancellationToken).ConfigureAwait(false);
    }

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
