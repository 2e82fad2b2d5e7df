using Strata.Server.Experiments;
using Strata.Server.Http;
using Strata.Server.Serving;
using Strata.Storage;
using Strata.Storage.Privacy;

namespace Strata.Server.Api;

/// <summary>Online experiments: define (<c>POST /experiments</c>), report (<c>GET /experiments/{id}</c>), stop, and ask who is in which variant.</summary>
internal static class ExperimentEndpoints
{
    /// <summary>Response headers of a list served by a running experiment: which experiment and variant chose it.</summary>
    public const string ExperimentHeader = "Strata-Experiment";
    public const string VariantHeader = "Strata-Variant";
    public const int MaxAssignmentUsers = 10_000;

    public static void Map(RouteGroupBuilder reads, RouteGroupBuilder personalReads, RouteGroupBuilder writes)
    {
        reads.MapGet("/experiments", ListAsync)
            .Produces<ExperimentListResponse>()
            .WithSummary("Every experiment with its report, newest first.");
        reads.MapGet("/experiments/{id}", GetAsync)
            .Produces<ExperimentReport>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Per variant: users, impressions, CTR and conversion rate with 95 % intervals; each variant against the control by a two-proportion z-test.");
        writes.MapPost("/experiments", CreateAsync)
            .Accepts<ExperimentSettings>("application/json")
            .Produces<ExperimentReport>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Start an experiment: variants (name, model kind and options, share of users). Only one runs at a time.");
        writes.MapPost("/experiments/{id}/stop", StopAsync)
            .Accepts<StopExperimentRequest>("application/json")
            .Produces<ExperimentReport>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Stop an experiment and serve everyone the winner: the named variant, else the one that beats the control's CTR significantly, else the control.");
        personalReads.MapPost("/experiments/{id}/assignments", AssignmentsAsync)
            .Accepts<AssignmentsRequest>("application/json")
            .Produces<AssignmentsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The variant each user id is assigned to (sticky; any id, seen or not).");
    }

    private static async Task<IResult> ListAsync(ExperimentRegistry registry, IExperimentLog log, CancellationToken cancellationToken)
    {
        var reports = new List<ExperimentReport>();
        foreach (var experiment in registry.All.OrderByDescending(e => e.Created)) reports.Add(await ReportAsync(experiment, log, cancellationToken));
        return Results.Ok(new ExperimentListResponse(reports));
    }

    private static async Task<IResult> GetAsync(string id, ExperimentRegistry registry, IExperimentLog log, CancellationToken cancellationToken) =>
        registry.Find(id) is { } experiment ? Results.Ok(await ReportAsync(experiment, log, cancellationToken)) : Problems.NotFound("experiment", id);

    private static async Task<IResult> CreateAsync(HttpRequest request, ExperimentRegistry registry, ServingHost serving, Strata.Engine.EngineOptions engine,
        IExperimentLog log, TimeProvider time, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<ExperimentSettings>(request, cancellationToken);
        if (problem is not null) return problem;
        var (experiment, problems) = ExperimentRules.Check(body!, engine.Model, ExperimentRules.RandomSalt(), time.GetUtcNow());
        if (experiment is null)
        {
            var validation = new Validation();
            foreach (var (field, message) in problems) validation.Add(field, message);
            return validation.Problem();
        }
        if (serving.Current is not { } state) return Problems.NotReady();
        // Each variant's model is fitted before the experiment starts, so its first users wait for nothing (and a fit that fails starts nothing).
        await Task.Run(() => { foreach (var variant in experiment.Variants) state.ModelFor(variant.Model); }, cancellationToken);
        try
        {
            await registry.AddAsync(experiment, cancellationToken);
            await serving.ExperimentsChangedAsync(cancellationToken);
        }
        catch (ExperimentConflictException e)
        {
            return Problems.Status(StatusCodes.Status409Conflict, e.Message);
        }
        return Results.Created($"/experiments/{experiment.Id}", await ReportAsync(experiment, log, cancellationToken));
    }

    private static async Task<IResult> StopAsync(string id, HttpRequest request, ExperimentRegistry registry, IExperimentLog log, TimeProvider time,
        ServingHost serving, CancellationToken cancellationToken)
    {
        if (registry.Find(id) is not { } experiment) return Problems.NotFound("experiment", id);
        string? chosen = null;
        if (request.ContentLength is > 0 || request.HasJsonContentType())
        {
            var (body, problem) = await JsonBody.ReadAsync<StopExperimentRequest>(request, cancellationToken);
            if (problem is not null) return problem;
            chosen = body!.Variant;
            if (chosen is not null && experiment.Variants.All(v => v.Name != chosen)) return Problems.Field("variant", $"Experiment '{id}' has no variant '{chosen}'.");
        }
        var winner = chosen ?? (await ReportAsync(experiment, log, cancellationToken)).Leader();
        try
        {
            var stopped = await registry.StopAsync(experiment, winner, time.GetUtcNow(), cancellationToken);
            await serving.ExperimentsChangedAsync(cancellationToken);
            return Results.Ok(await ReportAsync(stopped, log, cancellationToken));
        }
        catch (ExperimentConflictException e)
        {
            return Problems.Status(StatusCodes.Status409Conflict, e.Message);
        }
    }

    private static async Task<IResult> AssignmentsAsync(string id, HttpRequest request, ExperimentRegistry registry, Pseudonymizer pseudonyms,
        CancellationToken cancellationToken)
    {
        if (registry.Find(id) is not { } experiment) return Problems.NotFound("experiment", id);
        var (body, problem) = await JsonBody.ReadAsync<AssignmentsRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        if (body!.Users is not { Count: > 0 and <= MaxAssignmentUsers } users) return Problems.Field("users", $"Send 1 to {MaxAssignmentUsers} user ids.");
        var validation = new Validation();
        for (int i = 0; i < users.Count; i++)
            if (Strata.Core.Domain.EventRules.IdProblem(users[i]) is { } idProblem) validation.Add($"users[{i}]", $"The id {idProblem}.");
        if (!validation.IsValid) return validation.Problem();
        return Results.Ok(new AssignmentsResponse(id, users.Select(user => new UserAssignment(user, experiment.Assign(pseudonyms.User(user)).Name)).ToArray()));
    }

    private static async Task<ExperimentReport> ReportAsync(Experiment experiment, IExperimentLog log, CancellationToken cancellationToken) =>
        ExperimentReport.Build(experiment, await log.TallyAsync(experiment.Id, cancellationToken));
}

internal sealed record ExperimentListResponse(IReadOnlyList<ExperimentReport> Experiments);

/// <summary>Body of <c>POST /experiments/{id}/stop</c> (optional): the variant to serve everyone from now on.</summary>
internal sealed record StopExperimentRequest(string? Variant);

internal sealed record AssignmentsRequest(IReadOnlyList<string>? Users);

internal sealed record AssignmentsResponse(string ExperimentId, IReadOnlyList<UserAssignment> Assignments);

internal sealed record UserAssignment(string UserId, string Variant);
