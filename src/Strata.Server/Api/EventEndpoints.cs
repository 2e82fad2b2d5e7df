using Microsoft.Extensions.Options;
using Strata.Core.Domain;
using Strata.Server.Contracts;
using Strata.Server.Http;
using Strata.Server.Ingestion;
using Strata.Server.Security;

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
            .WithSummary("Append events (batch). Acknowledged only after the commit; re-sends with the same idempotency key are ignored.");
    }

    private static async Task<IResult> PostAsync(HttpRequest request, EventIngestor ingestor, UserIdProtector users,
        TimeProvider time, IOptions<StrataServerOptions> options, CancellationToken cancellationToken)
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
        var events = ToEvents(dtos, "events", requireUser: true, users, time.GetUtcNow(), validation);
        if (!validation.IsValid) return validation.Problem();
        var outcome = await ingestor.AppendAsync(events, cancellationToken);
        return Results.Ok(new PostEventsResponse(outcome.Accepted, outcome.Duplicates, outcome.LastSequence));
    }

    /// <summary>Validates wire events (field errors named <c>{prefix}[i].field</c>) and converts them, with user ids as stored.</summary>
    public static List<Event> ToEvents(IReadOnlyList<EventDto> dtos, string prefix, bool requireUser, UserIdProtector users, DateTimeOffset now, Validation validation)
    {
        var events = new List<Event>(dtos.Count);
        for (int i = 0; i < dtos.Count; i++)
        {
            var dto = dtos[i];
            var at = $"{prefix}[{i}]";
            if (dto is null) { validation.Add(at, "Required."); continue; }
            if (requireUser) validation.Required($"{at}.userId", dto.UserId);
            if (dto.UserId is { Length: > 256 }) validation.Add($"{at}.userId", "At most 256 characters.");
            if (!EventTypes.TryParse(dto.Type, out var type))
            {
                validation.Add($"{at}.type", $"Unknown event type '{dto.Type}'; use one of {string.Join(", ", EventTypes.All.Select(t => t.Name()))}.");
                continue;
            }
            if (type.RequiresItem()) validation.Required($"{at}.itemId", dto.ItemId);
            if (type == EventType.Search) validation.Required($"{at}.text", dto.Text);
            if (dto.Value is { } v && (double.IsNaN(v) || double.IsInfinity(v))) validation.Add($"{at}.value", "Must be a finite number.");
            if (type == EventType.Rating && dto.Value is { } r && (r < 0 || r > 10)) validation.Add($"{at}.value", "A rating must be between 0 and 10.");
            if (dto.IdempotencyKey is { Length: 0 or > 200 }) validation.Add($"{at}.idempotencyKey", "Between 1 and 200 characters.");
            if (dto.Timestamp is { } ts && ts > now.AddDays(1)) validation.Add($"{at}.timestamp", "Must not be in the future.");
            if (!validation.IsValid) continue;
            events.Add(new Event(users.ToStored(dto.UserId ?? ""), dto.ItemId, type, dto.Timestamp ?? now, dto.Value, dto.Text, dto.IdempotencyKey));
        }
        return events;
    }
}
