using Microsoft.Extensions.Options;
using Npgsql;
using Strata.Server.Serving;
using Strata.Storage;

namespace Strata.Server.Cluster;

/// <summary>
/// The cluster's side of ingestion (<see cref="ILiveProfileOwner"/>). After a commit every affected user's grain applies
/// its new events before the request is acknowledged, so an answer from any silo afterwards reflects them. The commit is
/// durable before this runs: if a grain cannot be reached (its silo just died) the request is still acknowledged and the
/// user's profile is rebuilt from the log where the grain is next activated. Never throws.
/// </summary>
internal sealed class ClusterProfiles(IGrainFactory grains, IOptions<StrataClusterOptions> options, ILogger<ClusterProfiles> logger) : ILiveProfileOwner
{
    public async Task CommittedAsync(IReadOnlyList<StoredEvent> written, CancellationToken cancellationToken)
    {
        var users = written.Select(e => e.Event.UserId).Distinct(StringComparer.Ordinal).ToList();
        if (users.Count == 0) return;
        var notices = users.Select(user => grains.GetGrain<IUserGrain>(user).CatchUpAsync()).ToList();
        try
        {
            await Task.WhenAll(notices).WaitAsync(options.Value.NotifyTimeout, cancellationToken);
        }
        catch (Exception e)
        {
            // No user ids in the log: they may be personal data.
            logger.LogWarning("{Failed} of {Users} user grains did not confirm a commit ({Reason}); they rebuild from the log when next activated",
                notices.Count(n => !n.IsCompletedSuccessfully), users.Count, e.GetType().Name);
        }
    }

    public async Task ErasedAsync(string storedUserId, long removed, CancellationToken cancellationToken)
    {
        try
        {
            // Excludes a publication: it either lands before the published models are deleted below, or finds the
            // refitting silo's model file already deleted by the broadcast (a fit that read the user is never published).
            await using (await ClusterLocks.PublicationAsync(options.Value.ConnectionString!, cancellationToken))
            {
                // Every silo forgets the user (a refit under way on it included) and deletes its local model file.
                var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
                await Task.WhenAll(hosts.Keys.Select(silo => grains.GetGrain<ISiloGrain>(silo.ToParsableString()).ForgetUserAsync(storedUserId)));
                // Published models learned from the user's events: like the single node's saved file, they must not outlive the erasure.
                await DeletePublishedModelsAsync(cancellationToken);
            }
            // Last, so it runs after any catch-up of the user already under way on the grain's silo.
            await grains.GetGrain<IUserGrain>(storedUserId).EraseAsync();
        }
        catch (Exception e)
        {
            logger.LogError(e, "Erasure could not reach every silo; the user's rows are gone and silos forget the user at their next refit");
        }
    }

    public async Task ReplayAsync(string storedUserId, CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IUserGrain>(storedUserId).RebuildAsync().WaitAsync(options.Value.NotifyTimeout, cancellationToken);
        }
        catch (Exception e)
        {
            logger.LogWarning("A user grain did not rebuild after events were removed ({Reason}); it does when next activated", e.GetType().Name);
        }
    }

    private async Task DeletePublishedModelsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.Value.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM artifacts WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", ClusterModel.ArtifactName);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>Cluster-wide locks, held as PostgreSQL session advisory locks on a connection of their own.</summary>
internal static class ClusterLocks
{
    // Any constant distinct from the store's and the membership migration's advisory locks.
    private const long Publication = 0x5354_5241_5055_424C;

    /// <summary>Held while a model is published, and while an erasure makes silos forget a user and deletes published models.</summary>
    public static async Task<IAsyncDisposable> PublicationAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var take = new NpgsqlCommand($"SELECT pg_advisory_lock({Publication})", connection);
            await take.ExecuteNonQueryAsync(cancellationToken);
            // Closing the session releases a session lock; the connection goes back to the pool unlocked after an explicit unlock.
            return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({Publication})", connection);
                await release.ExecuteNonQueryAsync();
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}

/// <summary>A user's reads run on the silo where the user's grain holds the live profile.</summary>
internal sealed class ClusterUserReads(IGrainFactory grains) : IUserReads
{
    public async Task<UserRecommendationAnswer> RecommendAsync(string storedUserId, UserRecommendationQuery query, CancellationToken cancellationToken) =>
        (await grains.GetGrain<IUserGrain>(storedUserId).RecommendAsync(new(query)).WaitAsync(cancellationToken)).Value;

    public async Task<UserInterestsAnswer> InterestsAsync(string storedUserId, string externalUserId, CancellationToken cancellationToken) =>
        (await grains.GetGrain<IUserGrain>(storedUserId).InterestsAsync(externalUserId).WaitAsync(cancellationToken)).Value;
}
