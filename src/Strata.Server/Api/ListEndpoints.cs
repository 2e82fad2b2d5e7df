using Microsoft.Extensions.Options;
using Strata.Server.Contracts;
using Strata.Server.Http;
using Strata.Server.Serving;

namespace Strata.Server.Api;

/// <summary><c>GET /popular</c> and <c>GET /latest</c>: lists that need no user, optionally within categories; never a hidden item.</summary>
internal static class ListEndpoints
{
    public const string Tag = "lists";

    public static void Map(RouteGroupBuilder reads)
    {
        reads.MapGet("/popular", (string? n, string[]? category, ServingHost serving, IOptions<StrataServerOptions> options) =>
                List(n, category, serving, options.Value, (state, count, filter) => state.Popular(count, filter)))
            .Produces<ItemListResponse>()
            .ProducesValidationProblem()
            .WithName("GetPopularItems").WithTags(Tag)
            .WithSummary("Items with the most positive events (views, clicks, purchases, good ratings), most first; category (repeatable) keeps only items in one of those categories.");
        reads.MapGet("/latest", (string? n, string[]? category, ServingHost serving, IOptions<StrataServerOptions> options) =>
                List(n, category, serving, options.Value, (state, count, filter) => state.Latest(count, filter)))
            .Produces<ItemListResponse>()
            .ProducesValidationProblem()
            .WithName("GetLatestItems").WithTags(Tag)
            .WithSummary("The newest items (last to enter the catalogue first); category (repeatable) keeps only items in one of those categories.");
    }

    private static IResult List(string? n, string[]? category, ServingHost serving, StrataServerOptions options,
        Func<ServingState, int, ListFilter, IReadOnlyList<ListedItem>> list)
    {
        var validation = new Validation();
        var count = RecommendationEndpoints.ValidateCount(validation.Int("n", n, 10), "n", options, validation);
        var categories = Categories(category, validation);
        if (!validation.IsValid) return validation.Problem();
        if (serving.Current is not { } state) return Problems.NotReady();
        return Results.Ok(new ItemListResponse(state.Version, list(state, count, serving.Filter(categories, []))));
    }

    /// <summary>The repeatable <c>category</c> query parameter: each one non-empty.</summary>
    public static IReadOnlyList<string> Categories(string[]? category, Validation validation)
    {
        if (category is null) return [];
        if (category.Any(string.IsNullOrWhiteSpace)) validation.Add("category", "A category must not be empty.");
        return category;
    }
}
