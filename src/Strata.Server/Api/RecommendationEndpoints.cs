using Strata.Core.Domain;
using Microsoft.Extensions.Options;
using Strata.Server.Contracts;
using Strata.Server.Http;
using Strata.Server.Serving;

namespace Strata.Server.Api;

/// <summary>Recommendations without a stored user: from an anonymous session's events, or from free text (cold start).</summary>
internal static class RecommendationEndpoints
{
    public const string Tag = "recommendations";

    /// <summary>The rate-limit policy of the anonymous endpoints that run the encoder.</summary>
    public const string EncoderPolicy = "encoder";

    public static void Map(RouteGroupBuilder reads)
    {
        reads.MapPost("/recommendations/session", SessionAsync)
            .Accepts<SessionRequest>("application/json")
            .Produces<RecommendationsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(EncoderPolicy)
            .WithName("RecommendForSession").WithTags(Tag)
            .WithSummary("Recommend from a list of events (no user id; nothing is stored). Never a hidden item.");
        reads.MapPost("/recommendations/text", TextAsync)
            .Accepts<TextRequest>("application/json")
            .Produces<RecommendationsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(EncoderPolicy)
            .WithName("RecommendForText").WithTags(Tag)
            .WithSummary("Recommend from a sentence describing someone's tastes (cold start). Never a hidden item.");
    }

    private static async Task<IResult> SessionAsync(HttpRequest request, ServingHost serving, TimeProvider time,
        IOptions<StrataServerOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<SessionRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var validation = new Validation();
        var count = ValidateCount(body!.N, "n", options.Value, validation);
        var diversity = ValidateDiversity(body.Diversity, "diversity", validation);
        if (body.Events is not { Count: > 0 } dtos) validation.Add("events", "Send at least one event.");
        else if (dtos.Count > options.Value.MaxEventsPerRequest) validation.Add("events", $"At most {options.Value.MaxEventsPerRequest} events.");
        if (!validation.IsValid) return validation.Problem();
        var events = EventEndpoints.ToEvents(body.Events!, "events", requireUser: false, time.GetUtcNow(), validation);
        if (!validation.IsValid) return validation.Problem();
        if (serving.Current is not { } state) return Problems.NotReady();
        return Results.Ok(state.RecommendForSession(events, count, diversity, serving.Filter([], body.Exclude ?? [])));
    }

    private static async Task<IResult> TextAsync(HttpRequest request, ServingHost serving, IOptions<StrataServerOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<TextRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var validation = new Validation();
        var count = ValidateCount(body!.N, "n", options.Value, validation);
        var diversity = ValidateDiversity(body.Diversity, "diversity", validation);
        validation.Required("text", body.Text);
        if (body.Text is { } text && EventRules.TextProblem(text) is { } textProblem) validation.Add("text", textProblem);
        if (!validation.IsValid) return validation.Problem();
        if (serving.Current is null) return Problems.NotReady();
        return Results.Ok(await serving.RecommendForTextAsync(body.Text!, count, diversity, body.Exclude ?? [], cancellationToken));
    }

    public static int ValidateCount(int n, string field, StrataServerOptions options, Validation validation)
    {
        if (n < 1 || n > options.MaxRecommendations) validation.Add(field, $"Must be between 1 and {options.MaxRecommendations}.");
        return n;
    }

    public static float ValidateDiversity(float diversity, string field, Validation validation)
    {
        if (!(diversity >= 0f && diversity <= 1f)) validation.Add(field, "Must be between 0 and 1.");
        return diversity;
    }
}
