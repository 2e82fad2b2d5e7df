using Strata.Core.Domain;
using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace Strata.Data.Parsing;

/// <summary>
/// One JSON Lines record (an object per line) with typed accessors whose failures are <see cref="DataFormatException"/>s
/// naming file, line and property. Parse with <see cref="Parse"/> and dispose before the reader moves on.
/// </summary>
internal sealed class JsonFields : IDisposable
{
    private readonly JsonDocument _document;

    private JsonFields(JsonDocument document, string file, long line)
    {
        _document = document;
        File = file;
        Line = line;
    }

    public string File { get; }

    public long Line { get; }

    public JsonElement Root => _document.RootElement;

    /// <summary>Parses the reader's current line, which must be valid UTF-8 holding one JSON object.</summary>
    public static JsonFields Parse(LineReader lines)
    {
        var bytes = lines.Memory;
        if (!Utf8.IsValid(bytes.Span)) throw lines.Error(null, "invalid UTF-8 (JSON Lines files must be UTF-8)");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw lines.Error(null, InvalidJson(e));
        }
        var kind = document.RootElement.ValueKind;
        if (kind != JsonValueKind.Object)
        {
            document.Dispose();
            throw lines.Error(null, $"expected a JSON object, found {kind}");
        }
        return new JsonFields(document, lines.FileName, lines.LineNumber);
    }

    public DataFormatException Error(string? property, string problem) => new(File, Line, property, problem);

    /// <summary>
    /// The parser's complaint in the file's terms: its first sentence, at the byte of the line where it happened, without
    /// the advice meant for programmers ("Change the reader options. LineNumber: 0 | BytePositionInLine: 63") that follows.
    /// </summary>
    internal static string InvalidJson(JsonException e)
    {
        var message = e.Message;
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        var sentence = (end < 0 ? message.TrimEnd('.') : message[..end]).Replace(" which is not supported in this mode", "", StringComparison.Ordinal);
        if (sentence.Length > 0) sentence = char.ToLowerInvariant(sentence[0]) + sentence[1..];
        return e.BytePositionInLine is { } position ? $"invalid JSON at byte {position + 1}: {sentence}" : $"invalid JSON: {sentence}";
    }

    /// <summary>The property, or null when it is missing or JSON null.</summary>
    public JsonElement? Optional(string property) =>
        Root.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    /// <summary>A string property, or null when missing/null.</summary>
    public string? OptionalString(string property) => Optional(property) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { } other => throw Error(property, $"expected a string, found {Describe(other)}"),
    };

    /// <summary>A non-empty string property.</summary>
    public string RequiredString(string property)
    {
        var value = OptionalString(property);
        if (value is null) throw Error(property, "is missing");
        if (string.IsNullOrWhiteSpace(value)) throw Error(property, "is empty");
        return value;
    }

    /// <summary>An id: a non-empty string or an integer (kept as its JSON text), interned in <paramref name="pool"/>.</summary>
    public string Id(string property, StringPool pool)
    {
        var value = Optional(property) ?? throw Error(property, "is missing");
        var id = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!.Trim(),
            JsonValueKind.Number when value.TryGetInt64(out _) => value.GetRawText(),
            _ => throw Error(property, $"expected a string or integer id, found {Describe(value)}"),
        };
        return EventRules.IdProblem(id) is { } problem ? throw Error(property, problem) : pool.Intern(id);
    }

    /// <summary>A finite number, or null when missing/null. Numbers written as strings (e.g. <c>"4.0"</c>) are accepted.</summary>
    public double? OptionalNumber(string property)
    {
        if (Optional(property) is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)) return number;
        if (value.ValueKind == JsonValueKind.String &&
            double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number))
            return number;
        throw Error(property, $"{Describe(value)} is not a number");
    }

    /// <summary>A required number.</summary>
    public double RequiredNumber(string property) => OptionalNumber(property) ?? throw Error(property, "is missing");

    /// <summary>A required rating on <paramref name="scale"/>.</summary>
    public double Rating(string property, RatingScale scale)
    {
        var value = RequiredNumber(property);
        if (!scale.Contains(value))
            throw Error(property, $"{value.ToString(CultureInfo.InvariantCulture)} is not a rating on the scale {scale}");
        return value;
    }

    /// <summary>A time: unix seconds (number or numeric string) or an ISO-8601 string (UTC when no offset is given).</summary>
    public DateTimeOffset Timestamp(string property)
    {
        var value = Optional(property) ?? throw Error(property, "is missing");
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetInt64(out var seconds)) throw Error(property, $"{value.GetRawText()} is not whole unix seconds");
            return FromUnixSeconds(property, seconds);
        }
        if (value.ValueKind == JsonValueKind.String)
        {
            var text = value.GetString()!;
            return Timestamps.TryParse(text, out var time, out var problem) ? time : throw Error(property, problem);
        }
        throw Error(property, $"expected a time, found {Describe(value)}");
    }

    /// <summary>A list of strings (missing/null → empty; a single string → one entry).</summary>
    public IReadOnlyList<string> StringList(string property)
    {
        if (Optional(property) is not { } value) return [];
        if (value.ValueKind == JsonValueKind.String) return [value.GetString()!];
        if (value.ValueKind != JsonValueKind.Array) throw Error(property, $"expected a list of strings, found {Describe(value)}");
        var list = new List<string>(value.GetArrayLength());
        foreach (var entry in value.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.String)
                throw Error(property, $"expected a list of strings, found an entry {Describe(entry)}");
            list.Add(entry.GetString()!);
        }
        return list;
    }

    /// <summary>An object of string values (missing/null → empty). Numbers and booleans are kept as their JSON text.</summary>
    public IReadOnlyDictionary<string, string> StringMap(string property)
    {
        if (Optional(property) is not { } value) return Core.Domain.Item.Empty;
        if (value.ValueKind != JsonValueKind.Object) throw Error(property, $"expected an object, found {Describe(value)}");
        var map = new Dictionary<string, string>();
        foreach (var entry in value.EnumerateObject())
        {
            map[entry.Name] = entry.Value.ValueKind switch
            {
                JsonValueKind.String => entry.Value.GetString()!,
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => entry.Value.GetRawText(),
                _ => throw Error($"{property}.{entry.Name}", $"expected a string, found {Describe(entry.Value)}"),
            };
        }
        return map;
    }

    private DateTimeOffset FromUnixSeconds(string property, long seconds) =>
        Timestamps.TryFromUnixSeconds(seconds, out var time, out var problem) ? time : throw Error(property, problem);

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Fields.Quote(value.GetString()),
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => value.GetRawText(),
    };

    public void Dispose() => _document.Dispose();
}
