using Microsoft.Extensions.Options;
using Strata.Core.Domain;
using Strata.Server.Contracts;
using Strata.Server.Http;
using Strata.Server.Ingestion;
using Strata.Storage;
using Strata.Storage.Privacy;

namespace Strata.Server.Api;

/// <summary><c>POST /events</c>: validated, then group-committed; the response means the events are durable.</summary>
internal static class EventEndpoints
{
    public static void Map(RouteGroupBuilder writes)
    {
        writes.MapPost("/events", PostAsync)
            .Accepts<PostEventsRequest>("application/json")
            .Produces<PostEventsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("PostEvents").WithTags(UserDataEndpoints.EventsTag)
            .WithSummary("Append events (batch). Acknowledged only after the commit; re-sends with the same idempotency key are ignored.");
    }

    private static async Task<IResult> PostAsync(HttpRequest request, EventIngestor ingestor, Pseudonymizer pseudonyms,
        ICatalogStore catalog, TimeProvider time, IOptions<StrataServerOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PostEventsRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var validation = new Validation();
        if (body!.Events is not { Count: > 0 } dtos)
        {
            validation.Add("events", "Send at least one event.");
            return validation.Problem();
        }
        if (dtos.Count > options.Value.MaxEventsPerRequest)
            return Problems.Field("events", $"At most {options.Value.MaxEventsPerRequest} events per request.");
        var events = ToEvents(dtos, "events", requireUser: true, time.GetUtcNow(), validation);
        if (!validation.IsValid) return validation.Problem();
        if (options.Value.CreateUnknownItems) await CreateUnknownItemsAsync(catalog, events, cancellationToken);
        try
        {
            var outcome = await ingestor.AppendAsync(events.ConvertAll(pseudonyms.Protect), cancellationToken);
            return Results.Ok(new PostEventsResponse(outcome.Accepted, outcome.Duplicates, outcome.LastSequence));
        }
        catch (RejectedEventException e)
        {
            // The store is the authority on the catalogue (items may arrive by PUT /items at any moment).
            return Problems.Field($"events[{e.Index}].{WireName(e.Field)}",
                e.UnknownItem ? $"Unknown item '{events[e.Index].ItemId}': PUT it to /items first." : Sentence(e.Problem));
        }
    }

    /// <summary>
    /// Validates wire events by <see cref="EventRules"/> (field errors named <c>{prefix}[i].field</c>) and converts them;
    /// ids stay as sent (the caller protects them for storage).
    /// </summary>
    public static List<Event> ToEvents(IReadOnlyList<EventDto> dtos, string prefix, bool requireUser, DateTimeOffset now, Validation validation)
    {
        var events = new List<Event>(dtos.Count);
        for (int i = 0; i < dtos.Count; i++)
        {
            var dto = dtos[i];
            var at = $"{prefix}[{i}]";
            if (dto is null) { validation.Add(at, "Required."); continue; }
            if (!EventTypes.TryParse(dto.Type, out var type))
            {
                validation.Add($"{at}.type", $"Unknown event type '{dto.Type}'; use one of {string.Join(", ", EventTypes.All.Select(t => t.Name()))}.");
                continue;
            }
            // An anonymous session's events carry no user: they are checked as one placeholder user's.
            var user = requireUser || dto.UserId is not null ? dto.UserId : SessionUser;
            var e = new Event(user!, dto.ItemId, type, dto.Timestamp ?? now, dto.Value, dto.Text, dto.IdempotencyKey);
            if (EventRules.Check(e, now) is { } broken) validation.Add($"{at}.{WireName(broken.Field)}", Sentence(broken.Problem));
            else events.Add(e);
        }
        return events;
    }

    private const string SessionUser = "session";

    /// <summary>The request's name for a field of <see cref="EventRules"/>.</summary>
    private static string WireName(string field) => field switch
    {
        "user" => "userId",
        "item" => "itemId",
        "key" => "idempotencyKey",
        _ => field,
    };

    private static string Sentence(string problem) => char.ToUpperInvariant(problem[0]) + problem[1..] + ".";

    /// <summary>With <see cref="StrataServerOptions.CreateUnknownItems"/>: items named by events but not in the catalogue become id-only items.</summary>
    private static async Task CreateUnknownItemsAsync(ICatalogStore catalog, List<Event> events, CancellationToken cancellationToken)
    {
        var missing = new List<Item>();
        foreach (var id in events.Select(e => e.ItemId).OfType<string>().Distinct(StringComparer.Ordinal))
            if (await catalog.GetItemAsync(id, cancellationToken) is null) missing.Add(Item.Create(id, ""));
        if (missing.Count > 0) await catalog.UpsertItemsAsync(missing, cancellationToken);
    }
}
