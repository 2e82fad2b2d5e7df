namespace Strata.Core.Domain;

/// <summary>
/// The one set of rules every id and event obeys, whichever door it comes in by: the HTTP API (400 naming the field),
/// the dataset readers (<c>file:line: field</c>) and the stores (their last line of defence). Each check returns null
/// when the value is acceptable, else a short reason fit to follow a field name.
/// </summary>
public static class EventRules
{
    /// <summary>Longest user or item id, in UTF-16 code units.</summary>
    public const int MaxIdLength = 256;

    /// <summary>Longest search or tag text, in UTF-16 code units (a query, not a document).</summary>
    public const int MaxTextLength = 4_000;

    /// <summary>
    /// Longest text a store accepts: a text of <see cref="MaxTextLength"/> characters sealed for storage (UTF-8, encrypted,
    /// base64) when pseudonyms are on. What people send is held to <see cref="MaxTextLength"/> before that.
    /// </summary>
    public const int MaxStoredTextLength = 4 * MaxTextLength + 64;

    /// <summary>Longest idempotency key.</summary>
    public const int MaxKeyLength = 200;

    /// <summary>Ratings are numbers on a scale within 0…10 (MovieLens and Amazon use 0.5–5 stars).</summary>
    public const double MaxRating = 10;

    /// <summary>Largest purchase quantity.</summary>
    public const double MaxQuantity = 1_000_000;

    /// <summary>Earliest accepted event time: the unix epoch (datasets without times use it).</summary>
    public static readonly DateTimeOffset EarliestTime = DateTimeOffset.UnixEpoch;

    /// <summary>Latest accepted event time, whatever the clock says: anything later is a unit mix-up (milliseconds as seconds).</summary>
    public static readonly DateTimeOffset LatestTime = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>How far ahead of the clock an event time may be (clients' clocks drift).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromDays(1);

    /// <summary>A user or item id: present, at most <see cref="MaxIdLength"/> characters, no control characters, no surrounding white space.</summary>
    public static string? IdProblem(string? id)
    {
        if (string.IsNullOrEmpty(id)) return "is empty";
        if (string.IsNullOrWhiteSpace(id)) return "is only white space";
        if (id.Length > MaxIdLength) return $"is longer than {MaxIdLength} characters";
        if (char.IsWhiteSpace(id[0]) || char.IsWhiteSpace(id[^1])) return "starts or ends with white space";
        if (id.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0 || id.Contains('\u007f')) return "contains a control character";
        return null;
    }

    /// <summary>An idempotency key: 1 to <see cref="MaxKeyLength"/> characters without control characters.</summary>
    public static string? KeyProblem(string key)
    {
        if (key.Length == 0) return "is empty";
        if (key.Length > MaxKeyLength) return $"is longer than {MaxKeyLength} characters";
        if (key.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0) return "contains a control character";
        return null;
    }

    /// <summary>A search or tag text: at most <see cref="MaxTextLength"/> characters, no control characters but tab and line breaks.</summary>
    public static string? TextProblem(string text, int maxLength = MaxTextLength)
    {
        if (text.Length > maxLength) return $"is longer than {maxLength} characters";
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r')) return "contains a control character";
        return null;
    }

    /// <summary>An event time between the unix epoch and <paramref name="now"/> + <see cref="ClockSkew"/> (and before 2100).</summary>
    public static string? TimeProblem(DateTimeOffset time, DateTimeOffset now)
    {
        if (time < EarliestTime) return "is before 1970-01-01";
        if (time >= LatestTime) return "is after 2100 (milliseconds given as seconds?)";
        if (time > now + ClockSkew) return "is in the future";
        return null;
    }

    /// <summary>
    /// The value an event of <paramref name="type"/> carries: a rating needs one within 0…<see cref="MaxRating"/>, a purchase
    /// may carry a quantity (0 &lt; q ≤ <see cref="MaxQuantity"/>), every other type carries none.
    /// </summary>
    public static string? ValueProblem(EventType type, double? value)
    {
        if (value is not { } v) return type == EventType.Rating ? "is missing (rating events need a value)" : null;
        if (!double.IsFinite(v)) return "is not a finite number";
        return type switch
        {
            EventType.Rating when v is < 0 or > MaxRating => $"a rating must be between 0 and {MaxRating:0}",
            EventType.Rating => null,
            EventType.Purchase when v is <= 0 or > MaxQuantity => $"a purchase quantity must be above 0 and at most {MaxQuantity:#,0}",
            EventType.Purchase => null,
            _ => $"{type.Name()} events carry no value",
        };
    }

    /// <summary>Every rule over one event; the first broken one as (field, reason) with the wire field names, or null.</summary>
    /// <param name="maxTextLength">Stores pass <see cref="MaxStoredTextLength"/> (texts may arrive sealed).</param>
    public static (string Field, string Problem)? Check(Event e, DateTimeOffset now, int maxTextLength = MaxTextLength)
    {
        if (IdProblem(e.UserId) is { } user) return ("user", user);
        if ((uint)e.Type >= (uint)EventTypes.All.Count) return ("type", $"{(int)e.Type} is not an event type");
        if (e.Type.RequiresItem())
        {
            if (IdProblem(e.ItemId) is { } item) return ("item", item);
        }
        else if (e.ItemId is not null) return ("item", $"{e.Type.Name()} events have no item");
        if (e.Type is EventType.Search or EventType.Tag && string.IsNullOrWhiteSpace(e.Text)) return ("text", $"is missing ({e.Type.Name()} events need a text)");
        if (e.Text is { } text && TextProblem(text, maxTextLength) is { } textProblem) return ("text", textProblem);
        if (ValueProblem(e.Type, e.Value) is { } value) return ("value", value);
        if (TimeProblem(e.Timestamp, now) is { } time) return ("timestamp", time);
        if (e.IdempotencyKey is { } key && KeyProblem(key) is { } keyProblem) return ("key", keyProblem);
        return null;
    }
}
