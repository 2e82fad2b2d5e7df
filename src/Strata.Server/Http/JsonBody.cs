using System.Text.Json;

namespace Strata.Server.Http;

/// <summary>
/// Reads a JSON request body so that every failure becomes an RFC 7807 problem: a malformed or mistyped field
/// gives 400 naming the field's JSON path, an oversized body gives 413.
/// </summary>
internal static class JsonBody
{
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
            return (null, Problems.Status(StatusCodes.Status415UnsupportedMediaType, "Send the body as application/json."));
        try
        {
            var value = await request.ReadFromJsonAsync<T>(cancellationToken);
            return value is null ? (null, Problems.Field("$", "The body must be a JSON object, not null.")) : (value, null);
        }
        catch (JsonException e)
        {
            // JsonException.Path is the JSON path of the offending field, e.g. "$.events[3].timestamp".
            return (null, Problems.Field(e.Path ?? "$", FirstLine(e.Message)));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, Problems.TooLarge());
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf(" Path:", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
