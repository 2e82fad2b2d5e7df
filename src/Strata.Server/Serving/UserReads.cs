using Microsoft.Extensions.Options;
using Strata.Server.Contracts;
using Strata.Server.Experiments;
using Strata.Storage;

namespace Strata.Server.Serving;

/// <summary>What <c>GET /users/{id}/recommendations</c> asks once its query string is validated.</summary>
internal sealed record UserRecommendationQuery(string ExternalUserId, int Count, int Offset, float Diversity, string[] Exclude, string[] Categories, bool ExcludeSeen);

internal enum UserReadStatus
{
    Ok,
    NotReady,
    NotFound,
}

/// <summary>A user's recommendations, with the experiment and variant that answered when one did.</summary>
internal sealed record UserRecommendationAnswer(UserReadStatus Status, RecommendationsResponse? Response = null, string? ExperimentId = null, string? Variant = null);

internal sealed record UserInterestsAnswer(UserReadStatus Status, InterestsResponse? Response = null);

/// <summary>
/// Where a stored user's reads run: on this process's serving state (<see cref="LocalUserReads"/>, a single node), or on
/// the silo that holds the user's live profile (a cluster: <c>Cluster.ClusterUserReads</c> calls the user's grain).
/// </summary>
internal interface IUserReads
{
    Task<UserRecommendationAnswer> RecommendAsync(string storedUserId, UserRecommendationQuery query, CancellationToken cancellationToken);

    Task<UserInterestsAnswer> InterestsAsync(string storedUserId, string externalUserId, CancellationToken cancellationToken);
}

/// <summary>Answers from this process's <see cref="ServingHost.Current"/>.</summary>
internal sealed class LocalUserReads(ServingHost serving, ICatalogStore catalog, ExperimentRouter experiments, IOptions<StrataServerOptions> options) : IUserReads
{
    public async Task<UserRecommendationAnswer> RecommendAsync(string storedUserId, UserRecommendationQuery query, CancellationToken cancellationToken)
    {
        if (serving.Current is not { } state) return new(UserReadStatus.NotReady);
        if (!state.KnowsUser(storedUserId)) return new(UserReadStatus.NotFound);
        var seen = query.ExcludeSeen ? SeenPolicy.From(options.Value.Recommendations) : SeenPolicy.None;
        var userHidden = await catalog.ReadHiddenItemsForUserAsync(storedUserId, cancellationToken);
        // A running experiment's variant (or a stopped one's winner) may answer instead of the main model.
        var route = experiments.RouteFor(state, storedUserId);
        var result = state.RecommendForUser(storedUserId, query.ExternalUserId, query.Count, query.Offset, query.Diversity,
            serving.Filter(query.Categories, query.Exclude, userHidden), seen, route.Model);
        if (result is null) return new(UserReadStatus.NotFound);
        if (route is { Experiment: { } experiment, Variant: { } variant })
        {
            await experiments.LogImpressionsAsync(route, storedUserId, result, cancellationToken);
            return new(UserReadStatus.Ok, result, experiment.Id, variant.Name);
        }
        return new(UserReadStatus.Ok, result);
    }

    public async Task<UserInterestsAnswer> InterestsAsync(string storedUserId, string externalUserId, CancellationToken cancellationToken)
    {
        if (serving.Current is null) return new(UserReadStatus.NotReady);
        var result = await serving.InterestsAsync(storedUserId, externalUserId, cancellationToken);
        return result is null ? new(UserReadStatus.NotFound) : new(UserReadStatus.Ok, result);
    }
}
