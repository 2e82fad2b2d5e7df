using Microsoft.Extensions.Options;
using Strata.Core.Domain;
using Strata.Server.Contracts;
using Strata.Server.Http;
using Strata.Server.Serving;
using Strata.Storage;
using Strata.Storage.Privacy;

namespace Strata.Server.Api;

/// <summary>
/// <c>PUT /users</c>, <c>GET /users/{id}/events</c>, <c>DELETE /users/{id}/events/{sequence}</c> and
/// <c>POST /users/{id}/hidden-items</c>: a user's attributes, their events read back or removed one by one, and the items
/// they never want to see.
/// </summary>
internal static class UserDataEndpoints
{
    public const string EventsTag = "events";

    public static void Map(RouteGroupBuilder personalReads, RouteGroupBuilder writes)
    {
        writes.MapPut("/users", PutAsync)
            .Accepts<PutUsersRequest>("application/json")
            .Produces<PutUsersResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("PutUsers").WithTags(UserEndpoints.Tag)
            .WithSummary("Insert users, or replace their attributes (by id).");
        personalReads.MapGet("/users/{id}/events", EventsAsync)
            .Produces<EventPageResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListUserEvents").WithTags(EventsTag)
            .WithSummary("A user's events in log order; pass nextCursor as cursor for the next page.");
        writes.MapDelete("/users/{id}/events/{sequence}", DeleteEventAsync)
            .Produces<DeleteEventResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteUserEvent").WithTags(EventsTag)
            .WithSummary("Remove one event of a user (its idempotency key goes with it); the user's profile and recommendations follow at once.");
        writes.MapPost("/users/{id}/hidden-items", HideAsync)
            .Accepts<HideItemsRequest>("application/json")
            .Produces<HiddenItemsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("HideItemsForUser").WithTags(UserEndpoints.Tag)
            .WithSummary("Never recommend these items to this user again; answers every item the user has hidden.");
    }

    private static async Task<IResult> PutAsync(HttpRequest request, ICatalogStore catalog, Pseudonymizer pseudonyms, IOptions<StrataServerOptions> options,
        CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PutUsersRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var validation = new Validation();
        if (body!.Users is not { Count: > 0 } dtos) validation.Add("users", "Send at least one user.");
        else if (dtos.Count > options.Value.MaxItemsPerRequest) validation.Add("users", $"At most {options.Value.MaxItemsPerRequest} users per request.");
        if (!validation.IsValid) return validation.Problem();
        var users = new List<User>(body.Users!.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < body.Users.Count; i++)
        {
            var dto = body.Users[i];
            if (dto is null) { validation.Add($"users[{i}]", "Required."); continue; }
            if (EventRules.IdProblem(dto.Id) is { } idProblem) validation.Add($"users[{i}].id", $"The id {idProblem}.");
            else if (!seen.Add(dto.Id!)) validation.Add($"users[{i}].id", $"Duplicate id '{dto.Id}' in this request.");
            else users.Add(pseudonyms.Protect(new User(dto.Id!, dto.Attributes ?? Item.Empty)));
        }
        if (!validation.IsValid) return validation.Problem();
        await catalog.UpsertUsersAsync(users, cancellationToken);
        return Results.Ok(new PutUsersResponse(users.Count));
    }

    private static async Task<IResult> EventsAsync(string id, string? cursor, string? n, ICatalogStore catalog, IEventStore events, Pseudonymizer pseudonyms,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var size = Paging.PageSize(n, validation);
        var after = Paging.AfterSequence(cursor, validation);
        if (!validation.IsValid) return validation.Problem();
        var stored = pseudonyms.User(id);
        if (await catalog.GetUserAsync(stored, cancellationToken) is null) return Problems.NotFound("user", id);
        var page = await events.ReadUserEventsPageAsync(stored, after, size, cancellationToken);
        return Results.Ok(Page(page, size, pseudonyms, _ => id));
    }

    private static async Task<IResult> DeleteEventAsync(string id, string sequence, ServingHost serving, Pseudonymizer pseudonyms, CancellationToken cancellationToken)
    {
        if (!long.TryParse(sequence, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
            return Problems.Field("sequence", $"'{sequence}' is not an event's sequence number (a positive integer).");
        if (!await serving.DeleteEventAsync(pseudonyms.User(id), number, cancellationToken))
            return Problems.Status(StatusCodes.Status404NotFound, $"User '{id}' has no event {number}.");
        return Results.Ok(new DeleteEventResponse(id, number));
    }

    private static async Task<IResult> HideAsync(string id, HttpRequest request, ICatalogStore catalog, ServingHost serving, Pseudonymizer pseudonyms,
        IOptions<StrataServerOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<HideItemsRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var validation = new Validation();
        if (EventRules.IdProblem(id) is { } userProblem) validation.Add("id", $"The user id {userProblem}.");
        if (body!.ItemIds is not { Count: > 0 } itemIds) validation.Add("itemIds", "Send at least one item id.");
        else if (itemIds.Count > options.Value.MaxItemsPerRequest) validation.Add("itemIds", $"At most {options.Value.MaxItemsPerRequest} items per request.");
        else
            for (int i = 0; i < itemIds.Count; i++)
                if (EventRules.IdProblem(itemIds[i]) is { } idProblem) validation.Add($"itemIds[{i}]", $"The id {idProblem}.");
        if (!validation.IsValid) return validation.Problem();
        var stored = pseudonyms.User(id);
        try
        {
            await serving.HideForUserAsync(stored, body.ItemIds!, cancellationToken);
        }
        catch (RejectedEventException e) when (e.UnknownItem)
        {
            return Problems.Field($"itemIds[{e.Index}]", $"Unknown item '{body.ItemIds![e.Index]}'.");
        }
        return Results.Ok(new HiddenItemsResponse(id, await catalog.ReadHiddenItemsForUserAsync(stored, cancellationToken)));
    }

    /// <summary>A page of stored events on the wire: texts revealed, user ids as <paramref name="userId"/> shows them, the cursor after the last.</summary>
    public static EventPageResponse Page(IReadOnlyList<StoredEvent> page, int size, Pseudonymizer pseudonyms, Func<Event, string> userId) =>
        new(page.Select(s => new StoredEventDto(s.Sequence, userId(s.Event), s.Event.ItemId, s.Event.Type.Name(), s.Event.Timestamp, s.Event.Value,
                s.Event.Text is { } text ? pseudonyms.RevealText(text) : null)).ToList(),
            Paging.Next(page, size, s => Paging.SequenceCursor(s.Sequence)));
}
