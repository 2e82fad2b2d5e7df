using Strata.Core.Domain;
using Strata.Server.Contracts;
using Strata.Server.Http;
using Strata.Server.Serving;
using Strata.Storage;

namespace Strata.Server.Api;

/// <summary>
/// <c>GET /overview</c> (the server at a glance) and <c>GET /taxonomy</c> (the interest tree with sample items): what the
/// dashboard's overview and taxonomy pages show. Both are aggregate reads — no one's events or interests — so they follow
/// the rules of the catalogue reads, not those of personal data.
/// </summary>
internal static class OverviewEndpoints
{
    public const string Tag = "overview";

    /// <summary>Minutes of commit counts the overview returns (its events-per-minute chart).</summary>
    public const int OverviewMinutes = 30;

    /// <summary>The mean per minute is taken over the last few whole minutes and the one under way.</summary>
    private const int RateMinutes = 5;

    public static void Map(RouteGroupBuilder reads)
    {
        reads.MapGet("/overview", OverviewAsync)
            .Produces<OverviewResponse>()
            .WithName("GetOverview").WithTags(Tag)
            .WithSummary("Catalogue and event counts, events committed per minute, the serving model's version and fit time, and the refit status.");
        reads.MapGet("/taxonomy", Taxonomy)
            .Produces<TaxonomyResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("GetTaxonomy").WithTags(Tag)
            .WithSummary("The interest tree: macro → meso nodes with labels, terms, sizes, positive events and up to `samples` items each (never hidden ones).");
    }

    private static async Task<IResult> OverviewAsync(ServingHost serving, ICatalogStore catalog, IEventStore events, CancellationToken cancellationToken)
    {
        var counts = await catalog.CountCatalogAsync(cancellationToken);
        var logged = await events.CountEventsAsync(cancellationToken: cancellationToken);
        var minutes = serving.Ingest.LastMinutes(OverviewMinutes);
        var perMinute = minutes.TakeLast(RateMinutes).Sum() / (double)RateMinutes;
        var eventsOverview = new EventsOverviewDto(logged.Total,
            logged.ByType.OrderBy(kv => kv.Key).ToDictionary(kv => kv.Key.Name(), kv => kv.Value),
            logged.First, logged.Last, serving.Ingest.Total, perMinute,
            serving.Ingest.CurrentMinuteStart.AddMinutes(-(OverviewMinutes - 1)), minutes);
        ModelOverviewDto? model = null;
        if (serving.Current is { } state)
        {
            // The fit record belongs to the serving version unless a newer fit is being published right now.
            var fit = serving.LastFit is { } last && last.Version == state.Version ? last : null;
            model = new ModelOverviewDto(state.Version, state.ModelKind, fit?.FinishedAt, fit?.Duration.TotalSeconds, state.FromSavedModel,
                state.LastSequence, serving.LastSequence, state.ItemCount, state.UserCount, state.Taxonomy.MacroCount, state.Taxonomy.MesoCount);
        }
        return Results.Ok(new OverviewResponse(new CatalogueOverviewDto(counts.Items, serving.HiddenCount, counts.Users), eventsOverview, model,
            serving.RefitStatus()));
    }

    private static IResult Taxonomy(string? samples, ServingHost serving)
    {
        var validation = new Validation();
        var count = validation.Int("samples", samples, 5);
        if (count is < 0 or > 50) validation.Add("samples", "Between 0 and 50.");
        if (!validation.IsValid) return validation.Problem();
        if (serving.Current is not { } state) return Problems.NotReady();
        return Results.Ok(state.Tree(count, serving.Filter([], [])));
    }
}
