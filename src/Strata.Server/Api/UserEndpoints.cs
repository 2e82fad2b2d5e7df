using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Strata.Storage;
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
    public const string Tag = "users";

    public static void Map(RouteGroupBuilder reads, RouteGroupBuilder writes)
    {
        reads.MapGet("/users", ListUsersAsync)
            .Produces<UserListResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("ListUsers").WithTags(Tag)
            .WithSummary("A page of users with their attributes, in id order (empty when ids are pseudonymised at rest); pass nextCursor as cursor for the next page.");
        reads.MapGet("/users/{id}/recommendations", RecommendAsync)
            .Produces<RecommendationsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("GetUserRecommendations").WithTags(RecommendationEndpoints.Tag)
            .WithSummary("Top-n items for a user, each explained. diversity in [0, 1] spreads slots across interests; exclude is a comma-separated id list; " +
                "category (repeatable) keeps items of those categories; offset skips the first items of the top offset+n; exclude_seen=false lets items the user has events on come back " +
                "(by default they are left out as Strata:Recommendations:ExcludeSeen says per event type). Never a hidden item.");
        reads.MapGet("/users/{id}/interests", InterestsAsync)
            .Produces<InterestsResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("GetUserInterests").WithTags(Tag)
            .WithSummary("The user's interest tree (macro → meso → items) with strengths, level probabilities and trends.");
        writes.MapDelete("/users/{id}", DeleteAsync)
            .Produces<DeleteUserResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteUser").WithTags(Tag)
            .WithSummary("Erase a user: every event, the items they hid and the profile. Derived models forget the user at their next refit.");
    }

    private static async Task<IResult> ListUsersAsync(string? cursor, string? n, ICatalogStore catalog, Pseudonymizer pseudonyms, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var size = Paging.PageSize(n, validation);
        var after = Paging.AfterId(cursor, validation);
        if (!validation.IsValid) return validation.Problem();
        if (pseudonyms.Enabled) return Results.Ok(new UserListResponse([], null));
        var page = await catalog.ReadUsersPageAsync(after, size, cancellationToken);
        return Results.Ok(new UserListResponse(page.Select(u => new UserDto(u.Id, u.Attributes)).ToList(), Paging.Next(page, size, u => Paging.IdCursor(u.Id))));
    }

    private static async Task<IResult> RecommendAsync(string id, string? n, string? diversity, string? exclude, string[]? category, string? offset,
        [FromQuery(Name = "exclude_seen")] string? excludeSeen, HttpResponse response, IUserReads users, Pseudonymizer pseudonyms,
        IOptions<StrataServerOptions> options, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var count = RecommendationEndpoints.ValidateCount(validation.Int("n", n, 10), "n", options.Value, validation);
        var spread = RecommendationEndpoints.ValidateDiversity(validation.Float("diversity", diversity, 0.3f), "diversity", validation);
        var skip = validation.Int("offset", offset, 0);
        if (skip < 0 || skip > options.Value.MaxRecommendations) validation.Add("offset", $"Must be between 0 and {options.Value.MaxRecommendations}.");
        var categories = ListEndpoints.Categories(category, validation);
        var excludesSeen = true;
        if (excludeSeen is not null && !bool.TryParse(excludeSeen, out excludesSeen))
            validation.Add("exclude_seen", $"'{excludeSeen}' is not true or false.");
        if (!validation.IsValid) return validation.Problem();
        var excluded = exclude is null ? [] : exclude.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var answer = await users.RecommendAsync(pseudonyms.User(id), new UserRecommendationQuery(id, count, skip, spread, excluded, [.. categories], excludesSeen),
            cancellationToken);
        if (answer.Status == UserReadStatus.NotReady) return Problems.NotReady();
        if (answer is not { Status: UserReadStatus.Ok, Response: { } result }) return Problems.NotFound("user", id);
        if (answer is { ExperimentId: { } experiment, Variant: { } variant })
        {
            response.Headers[ExperimentEndpoints.ExperimentHeader] = experiment;
            response.Headers[ExperimentEndpoints.VariantHeader] = variant;
        }
        return Results.Ok(result);
    }

    private static async Task<IResult> InterestsAsync(string id, IUserReads users, Pseudonymizer pseudonyms, CancellationToken cancellationToken)
    {
        var answer = await users.InterestsAsync(pseudonyms.User(id), id, cancellationToken);
        if (answer.Status == UserReadStatus.NotReady) return Problems.NotReady();
        return answer.Response is { } result ? Results.Ok(result) : Problems.NotFound("user", id);
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
