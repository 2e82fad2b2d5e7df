namespace Strata.Server.Http;

/// <summary>RFC 7807 problem responses used across the API, so every error has the same shape.</summary>
internal static class Problems
{
    /// <summary>400 with one invalid field named by its JSON path (e.g. <c>events[2].type</c>).</summary>
    public static IResult Field(string field, string message) =>
        Results.ValidationProblem(new Dictionary<string, string[]> { [Trim(field)] = [message] },
            title: $"Invalid field '{Trim(field)}'");

    /// <summary>400 with several invalid fields.</summary>
    public static IResult Fields(IReadOnlyDictionary<string, List<string>> errors) =>
        Results.ValidationProblem(errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()),
            title: errors.Count == 1 ? $"Invalid field '{errors.Keys.First()}'" : "Invalid fields");

    public static IResult NotFound(string what, string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"Unknown {what}", detail: $"No {what} with id '{id}'.");

    public static IResult TooLarge() =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large",
            detail: "Split the request into smaller batches.");

    public static IResult Status(int status, string detail) => Results.Problem(statusCode: status, detail: detail);

    public static IResult NotReady() =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Model not ready",
            detail: "The first model is still being fitted; retry shortly.");

    // JsonException paths start with "$."; clients know the field as events[2].type.
    private static string Trim(string path) => path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
