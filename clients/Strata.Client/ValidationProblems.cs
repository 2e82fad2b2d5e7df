using Microsoft.Kiota.Abstractions.Serialization;

namespace Strata.Client.Models;

// The OpenAPI document describes a validation problem's "errors" as a map of field → messages, which Kiota keeps as
// untyped additional data; this reads it back as that map, so a caller can see which field of a request was refused.
public partial class HttpValidationProblemDetails
{
    /// <summary>The refused fields (as the server names them: <c>n</c>, <c>events[2].type</c>…) and why.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FieldErrors()
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (Errors?.AdditionalData is not { } errors) return result;
        foreach (var (field, value) in errors)
            result[field] = Messages(value);
        return result;
    }

    private static List<string> Messages(object? value) => value switch
    {
        null => [],
        string text => [text],
        UntypedString text => text.GetValue() is { } s ? [s] : [],
        UntypedArray array => array.GetValue().SelectMany(Messages).ToList(),
        IEnumerable<object> items => items.SelectMany(Messages).ToList(),
        _ => [value.ToString() ?? ""],
    };
}
