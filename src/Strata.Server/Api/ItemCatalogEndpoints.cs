using Strata.Core.Domain;
using Strata.Server.Contracts;
using Strata.Server.Http;
using Strata.Server.Serving;
using Strata.Storage;
using Strata.Storage.Privacy;

namespace Strata.Server.Api;

/// <summary><c>GET /items</c> (paged), <c>PATCH /items/{id}</c>, <c>DELETE /items/{id}</c> and <c>GET /items/{id}/events</c>.</summary>
internal static class ItemCatalogEndpoints
{
    public static void Map(RouteGroupBuilder reads, RouteGroupBuilder personalReads, RouteGroupBuilder writes)
    {
        reads.MapGet("/items", ListAsync)
            .Produces<ItemPageResponse>()
            .ProducesValidationProblem()
            .WithName("ListItems").WithTags(ItemEndpoints.Tag)
            .WithSummary("A page of the catalogue in id order, hidden items included (flagged); pass nextCursor as cursor for the next page.");
        writes.MapPatch("/items/{id}", PatchAsync)
            .Accepts<PatchItemRequest>("application/json")
            .Produces<ItemResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("PatchItem").WithTags(ItemEndpoints.Tag)
            .WithSummary("Change some fields of an item; hidden=true keeps it out of every recommendation and list while its events stay.");
        writes.MapDelete("/items/{id}", DeleteAsync)
            .Produces<DeleteItemResponse>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("DeleteItem").WithTags(ItemEndpoints.Tag)
            .WithSummary("Delete an item with every event on it; the users' profiles follow at once.");
        personalReads.MapGet("/items/{id}/events", EventsAsync)
            .Produces<EventPageResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("ListItemEvents").WithTags(UserDataEndpoints.EventsTag)
            .WithSummary("The events on an item in log order (user ids as stored: pseudonyms when pseudonymisation is on); pass nextCursor as cursor for the next page.");
    }

    private static async Task<IResult> ListAsync(string? cursor, string? n, ICatalogStore catalog, ServingHost serving, CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var size = Paging.PageSize(n, validation);
        var after = Paging.AfterId(cursor, validation);
        if (!validation.IsValid) return validation.Problem();
        var page = await catalog.ReadItemsPageAsync(after, size, cancellationToken);
        var state = serving.Current;
        var items = page.Select(p => new ItemResponse(ItemEndpoints.ToDto(p.Item), state?.Placement(p.Item.Id), p.Hidden)).ToList();
        return Results.Ok(new ItemPageResponse(items, Paging.Next(page, size, p => Paging.IdCursor(p.Item.Id))));
    }

    private static async Task<IResult> PatchAsync(string id, HttpRequest request, ICatalogStore catalog, ServingHost serving, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PatchItemRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var validation = new Validation();
        if (body!.Title is not null) validation.Required("title", body.Title);
        if (body.Categories?.Any(string.IsNullOrWhiteSpace) == true) validation.Add("categories", "Categories must not be empty strings.");
        if (body.Title is null && body.Categories is null && body.Tags is null && body.Text is null && body.Attributes is null
            && body.CategoriesAreFlat is null && body.Hidden is null)
            validation.Add("$", "Send at least one field to change.");
        if (!validation.IsValid) return validation.Problem();
        if (await catalog.GetItemAsync(id, cancellationToken) is not { } item || serving.IsDeleted(id)) return Problems.NotFound("item", id);
        var changed = item with
        {
            Title = body.Title ?? item.Title,
            Categories = body.Categories ?? item.Categories,
            Tags = body.Tags ?? item.Tags,
            Text = body.Text ?? item.Text,
            Attributes = body.Attributes ?? item.Attributes,
            CategoriesAreFlat = body.CategoriesAreFlat ?? item.CategoriesAreFlat,
        };
        if (!changed.Equals(item))
        {
            await catalog.UpsertItemsAsync([changed], cancellationToken);
            await serving.AddItemsAsync([changed], cancellationToken);
        }
        if (body.Hidden is { } hidden && !await serving.SetHiddenAsync(id, hidden, cancellationToken)) return Problems.NotFound("item", id);
        return Results.Ok(new ItemResponse(ItemEndpoints.ToDto(changed), serving.Current?.Placement(id), serving.IsHidden(id)));
    }

    private static async Task<IResult> DeleteAsync(string id, ServingHost serving, CancellationToken cancellationToken)
    {
        var removed = await serving.DeleteItemAsync(id, cancellationToken);
        return removed < 0 ? Problems.NotFound("item", id) : Results.Ok(new DeleteItemResponse(id, removed));
    }

    private static async Task<IResult> EventsAsync(string id, string? cursor, string? n, ICatalogStore catalog, IEventStore events, Pseudonymizer pseudonyms,
        CancellationToken cancellationToken)
    {
        var validation = new Validation();
        var size = Paging.PageSize(n, validation);
        var after = Paging.AfterSequence(cursor, validation);
        if (!validation.IsValid) return validation.Problem();
        if (await catalog.GetItemAsync(id, cancellationToken) is null) return Problems.NotFound("item", id);
        var page = await events.ReadItemEventsPageAsync(id, after, size, cancellationToken);
        return Results.Ok(UserDataEndpoints.Page(page, size, pseudonyms, e => e.UserId));
    }
}
