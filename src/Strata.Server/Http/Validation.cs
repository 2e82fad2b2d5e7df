namespace Strata.Server.Http;

/// <summary>Collects field errors of one request body; empty means valid.</summary>
internal sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
    }

    public void Required(string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, "Required.");
    }

    /// <summary>Parses an optional integer query parameter, naming it when it is not a number.</summary>
    public int Int(string field, string? text, int fallback)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value)) return value;
        Add(field, $"'{text}' is not an integer.");
        return fallback;
    }

    /// <summary>Parses an optional number query parameter, naming it when it is not a number.</summary>
    public float Float(string field, string? text, float fallback)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        if (float.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)) return value;
        Add(field, $"'{text}' is not a number.");
        return fallback;
    }

    public IResult Problem() => Problems.Fields(_errors);
}
