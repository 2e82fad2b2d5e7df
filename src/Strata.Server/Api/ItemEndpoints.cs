using Strata.Core.Domain;
using Strata.Server.Contracts;
using Strata.Server.Http;
using Strata.Server.Serving;
using Strata.Storage;

namespace Strata.Server.Api;

/// <summary><c>PUT /items</c>, <c>GET /items/{id}</c>, <c>GET /items/{id}/similar</c>.</summary>
internal static class ItemEndpoints
{
    public const string Tag = "items";

    public static void Map(RouteGroupBuilder reads, RouteGroupBuilder writes)
    {
        writes.MapPut("/items", PutAsync)
            .Accepts<PutItemsRequest>("application/json")
            .Produces<PutItemsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithName("PutItems").WithTags(Tag)
            .WithSummary("Insert or replace items; new items are embedded and placed in the interest tree from their text. An item's hidden flag stays as it was.");
        reads.MapGet("/items/{id}", GetAsync)
            .Produces<ItemResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetItem").WithTags(Tag)
            .WithSummary("An item as stored, with its place in the interest tree and its hidden flag.");
        reads.MapGet("/items/{id}/similar", Similar)
            .Produces<SimilarItemsResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithName("GetSimilarItems").WithTags(Tag)
            .WithSummary("Items closest in meaning (text-embedding cosine); category (repeatable) keeps only items in one of those categories. Never a hidden item.");
    }

    private static async Task<IResult> PutAsync(HttpRequest request, ICatalogStore catalog, ServingHost serving,
        Microsoft.Extensions.Options.IOptions<StrataServerOptions> options, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<PutItemsRequest>(request, cancellationToken);
        if (problem is not null) return problem;
        var validation = new Validation();
        if (body!.Items is not { Count: > 0 } dtos)
        {
            validation.Add("items", "Send at least one item.");
            return validation.Problem();
        }
        if (dtos.Count > options.Value.MaxItemsPerRequest)
            return Problems.Field("items", $"At most {options.Value.MaxItemsPerRequest} items per request.");
        var items = new List<Item>(dtos.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < dtos.Count; i++)
        {
            var dto = dtos[i];
            var at = $"items[{i}]";
            if (dto is null) { validation.Add(at, "Required."); continue; }
            if (EventRules.IdProblem(dto.Id) is { } idProblem) validation.Add($"{at}.id", $"The id {idProblem}.");
            validation.Required($"{at}.title", dto.Title);
            if (dto.Id is not null && !seen.Add(dto.Id)) validation.Add($"{at}.id", $"Duplicate id '{dto.Id}' in this request.");
            if (dto.Categories?.Any(string.IsNullOrWhiteSpace) == true) validation.Add($"{at}.categories", "Categories must not be empty strings.");
            if (validation.IsValid)
                items.Add(new Item(dto.Id!, dto.Title!, dto.Categories ?? [], dto.Tags ?? [], dto.Text ?? Item.Empty, dto.Attributes ?? Item.Empty, dto.CategoriesAreFlat));
        }
        if (!validation.IsValid) return validation.Problem();
        await catalog.UpsertItemsAsync(items, cancellationToken);
        var placements = await serving.AddItemsAsync(items, cancellationToken);
        return Results.Ok(new PutItemsResponse(items.Count, placements));
    }

    private static async Task<IResult> GetAsync(string id, ICatalogStore catalog, ServingHost serving, CancellationToken cancellationToken)
    {
        var item = await catalog.GetItemAsync(id, cancellationToken);
        if (item is null) return Problems.NotFound("item", id);
        return Results.Ok(new ItemResponse(ToDto(item), serving.Current?.Placement(id), serving.IsHidden(id)));
    }

    private static IResult Similar(string id, string? n, string[]? category, ServingHost serving, Microsoft.Extensions.Options.IOptions<StrataServerOptions> options)
    {
        var validation = new Validation();
        var count = RecommendationEndpoints.ValidateCount(validation.Int("n", n, 10), "n", options.Value, validation);
        var categories = ListEndpoints.Categories(category, validation);
        if (!validation.IsValid) return validation.Problem();
        if (serving.Current is not { } state) return Problems.NotReady();
        if (serving.IsDeleted(id)) return Problems.NotFound("item", id);
        var similar = state.Similar(id, count, serving.Filter(categories, []));
        return similar is null ? Problems.NotFound("item", id) : Results.Ok(new SimilarItemsResponse(id, state.Version, similar));
    }

    public static ItemDto ToDto(Item item) =>
        new(item.Id, item.Title, item.Categories, item.Tags, item.Text, item.Attributes, item.CategoriesAreFlat);
}
