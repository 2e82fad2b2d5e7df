using Microsoft.Extensions.Options;
using Strata.Server.Contracts;
using Strata.Server.Experiments;
using Strata.Server.Http;
using Strata.Server.Ingestion;
using Strata.Storage.Privacy;
using Strata.Server.Serving;

namespace Strata.Server.Api;

/// <summary>Per-user reads (recommendations, interests) and erasure.</summary>
internal static class UserEndpoints
{
    public static void Map(RouteGroupBuilder reads, RouteGroupBuilder writes)
    {
        reads.MapGet("/users", ListUsers)
            .Produces<UserListResponse>()
            .WithSummary("Some known user ids, most active first (empty when ids are pseudonymised at rest).");
        reads.MapGet("/users/{id}/recommendations", RecommendAsync)
            .Produces<RecommendationsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Top-n items for a user, each explained. diversity in [0, 1] spreads slots across interests; exclude is a comma-separated id list.");
        reads.MapGet("/users/{id}/interests", InterestsAsync)
            .Produces<InterestsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The user's interest tree (macro → meso → items) with strengths, level probabilities and trends.");
        writes.MapDelete("/users/{id}", DeleteAsync)
            .Produces<DeleteUserResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Erase a user: every event and the profile. Derived models forget the user at their next refit.");
    }

    private static IResult ListUsers(string? n, ServingHost serving, Pseudonymizer pseudonyms)
    {
        var count = Math.Clamp(new Validation().Int("n", n, 100), 1, 1000);
        if (pseudonyms.Enabled || serving.Current is not { } state) return Results.Ok(new UserListResponse([]));
        return Results.Ok(new UserListResponse(state.MostActiveUsers(count)));
    }

    private static async Task<IResult> RecommendAsync(string id, string? n, string? diversity, string? exclude, HttpResponse response, ServingHost serving,
        Pseudonymizer pseudonyms, ExperimentRouter experiments, IOptions<StrataServerOptions> options, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var count = RecommendationEndpoints.ValidateCount(validation.Int("n", n, 10), "n", options.Value, validation);
        var spread = RecommendationEndpoints.ValidateDiversity(validation.Float("diversity", diversity, 0.3f), "diversity", validation);
        if (!validation.IsValid) return validation.Problem();
        if (serving.Current is not { } state) return Problems.NotReady();
        var excluded = exclude is null ? [] : exclude.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var stored = pseudonyms.User(id);
        if (!state.KnowsUser(stored)) return Problems.NotFound("user", id);
        // A running experiment's variant (or a stopped one's winner) may answer instead of the main model.
        var route = experiments.RouteFor(state, stored);
        var result = state.RecommendForUser(stored, id, count, spread, excluded, route.Model);
        if (result is null) return Problems.NotFound("user", id);
        if (route is { Experiment: { } experiment, Variant: { } variant })
        {
            response.Headers[ExperimentEndpoints.ExperimentHeader] = experiment.Id;
            response.Headers[ExperimentEndpoints.VariantHeader] = variant.Name;
            await experiments.LogImpressionsAsync(route, stored, result, cancellationToken);
        }
        return Results.Ok(result);
    }

    private static async Task<IResult> InterestsAsync(string id, ServingHost serving, Pseudonymizer pseudonyms, CancellationToken cancellationToken)
    {
        if (serving.Current is null) return Problems.NotReady();
        var result = await serving.InterestsAsync(pseudonyms.User(id), id, cancellationToken);
        return result is null ? Problems.NotFound("user", id) : Results.Ok(result);
    }

    private static async Task<IResult> DeleteAsync(string id, EventIngestor ingestor, ServingHost serving, Pseudonymizer pseudonyms, CancellationToken cancellationToken)
    {
        var stored = pseudonyms.User(id);
        var known = serving.Current?.KnowsUser(stored) == true;
        var removed = await ingestor.DeleteUserAsync(stored, cancellationToken);
        if (removed == 0 && !known) return Problems.NotFound("user", id);
        return Results.Ok(new DeleteUserResponse(id, removed));
    }
}
