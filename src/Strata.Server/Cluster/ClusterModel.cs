using Microsoft.Extensions.Options;
using Strata.Server.Serving;
using Strata.Storage;

namespace Strata.Server.Cluster;

/// <summary>
/// The fitted model as the cluster shares it: versions of one artifact in the shared store. Each silo keeps a local copy
/// at its <see cref="ServingOptions.ModelPath"/>, which is what the serving state reads a saved model from.
/// </summary>
internal sealed class ClusterModel(IArtifactStore artifacts, IOptions<ServingOptions> serving, IOptions<StrataClusterOptions> cluster, ServingHost host,
    ILogger<ClusterModel> logger)
{
    public const string ArtifactName = "cluster/model";

    private int _loaded;

    /// <summary>The published version this silo serves (0 before any).</summary>
    public int Loaded => Volatile.Read(ref _loaded);

    private string? LocalPath => serving.Value.ModelPath is { Length: > 0 } path ? path : null;

    /// <summary>Publishes this silo's saved model file (just fitted) as the next version; null when there is none to publish.</summary>
    public async Task<int?> PublishLocalAsync(CancellationToken cancellationToken)
    {
        // Under the erasure's lock: a file still there now was fitted without any user erased since (see ClusterProfiles).
        await using var publication = await ClusterLocks.PublicationAsync(cluster.Value.ConnectionString!, cancellationToken);
        if (LocalPath is not { } path || !File.Exists(path)) return null;
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        return await artifacts.SaveArtifactAsync(ArtifactName, bytes, cancellationToken);
    }

    /// <summary>Copies a published version (the latest when null) to the local file; false when there is none.</summary>
    public async Task<int?> DownloadAsync(int? version, CancellationToken cancellationToken)
    {
        if (LocalPath is not { } path) return null;
        if (await artifacts.LoadArtifactAsync(ArtifactName, version, cancellationToken) is not { } artifact) return null;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // Written beside it and renamed: a reader sees the old file or the new one, never half of one.
        var temporary = $"{path}.{Environment.ProcessId}.download";
        await File.WriteAllBytesAsync(temporary, artifact.Data, cancellationToken);
        File.Move(temporary, path, overwrite: true);
        return artifact.Version;
    }

    /// <summary>Loads a published version and swaps it in; the state's profiles are rebuilt from the log as at any start.</summary>
    public async Task<long> LoadAsync(int version, CancellationToken cancellationToken)
    {
        if (await DownloadAsync(version, cancellationToken) is null)
            throw new InvalidOperationException($"Published model version {version} is not in the store (erased since, or model saving is off).");
        var served = await host.RefitAsync(cancellationToken, reuseSavedModel: true);
        Volatile.Write(ref _loaded, version);
        logger.LogInformation("Published model v{Published} serving as local state v{Version}", version, served);
        return served;
    }
}

/// <summary>
/// Before the first fit (which <see cref="RefitService"/> starts after this), fetches the latest published model so the
/// silo serves what the cluster serves instead of fitting its own.
/// </summary>
internal sealed class ClusterModelStartup(ClusterModel model, ILogger<ClusterModelStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var version = await model.DownloadAsync(null, cancellationToken);
        logger.LogInformation(version is null ? "No published model yet; this silo fits its own until one is published" : "Starting from published model v{Version}", version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
