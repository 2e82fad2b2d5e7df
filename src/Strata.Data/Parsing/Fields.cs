using Strata.Core.Domain;
using System.Globalization;

namespace Strata.Data.Parsing;

/// <summary>
/// The fields of one record (a delimited line or a CSV record) with typed accessors whose failures are
/// <see cref="DataFormatException"/>s naming file, line and field. Reused from record to record: the text is only valid
/// until the source moves on, so accessors copy what they return.
/// </summary>
internal sealed class Fields
{
    private const int MaxQuotedValueLength = 40;

    private ReadOnlyMemory<char> _text;
    private Range[] _ranges = new Range[32];
    private IReadOnlyList<string> _names = [];

    /// <summary>File name for error messages.</summary>
    public string File { get; private set; } = "";

    /// <summary>1-based line where the record starts.</summary>
    public long Line { get; private set; }

    /// <summary>Number of fields in the record.</summary>
    public int Count { get; private set; }

    /// <summary>The raw text of field <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> this[int index] => _text.Span[_ranges[index]];

    /// <summary>Splits the reader's current line on <paramref name="separator"/> (no quoting).</summary>
    public void Split(LineReader lines, string separator)
    {
        var text = lines.TextMemory;
        Reset(lines.FileName, lines.LineNumber, text);
        var span = text.Span;
        var start = 0;
        while (true)
        {
            var next = span[start..].IndexOf(separator, StringComparison.Ordinal);
            if (next < 0)
            {
                AddRange(start..span.Length);
                return;
            }
            AddRange(start..(start + next));
            start += next + separator.Length;
        }
    }

    /// <summary>Starts a record whose fields are ranges of <paramref name="text"/> (used by <see cref="CsvParser"/>).</summary>
    public void Reset(string file, long line, ReadOnlyMemory<char> text)
    {
        File = file;
        Line = line;
        _text = text;
        Count = 0;
        _names = [];
    }

    /// <summary>Appends a field as a range of the record's text.</summary>
    public void AddRange(Range range)
    {
        if (Count == _ranges.Length) Array.Resize(ref _ranges, _ranges.Length * 2);
        _ranges[Count++] = range;
    }

    /// <summary>Checks the field count and names the fields for later messages.</summary>
    public void Expect(IReadOnlyList<string> names)
    {
        _names = names;
        if (Count != names.Count)
            throw Error(null, $"expected {names.Count} fields ({string.Join(", ", names)}), found {Count}");
    }

    /// <summary>The name of field <paramref name="index"/> as given to <see cref="Expect"/>.</summary>
    public string Name(int index) => index < _names.Count ? _names[index] : $"#{index + 1}";

    /// <summary>A located error; <paramref name="index"/> null blames the whole line.</summary>
    public DataFormatException Error(int? index, string problem) =>
        new(File, Line, index is { } i ? Name(i) : null, problem);

    /// <summary>An integer.</summary>
    public int Int(int index)
    {
        if (int.TryParse(this[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        throw Error(index, $"{Quote(this[index])} is not an integer");
    }

    /// <summary>An integer (e.g. unix seconds).</summary>
    public long Long(int index)
    {
        if (long.TryParse(this[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return value;
        throw Error(index, $"{Quote(this[index])} is not an integer");
    }

    /// <summary>A rating on <paramref name="scale"/>.</summary>
    public double Rating(int index, RatingScale scale)
    {
        var text = this[index];
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            throw Error(index, $"{Quote(text)} is not a number");
        if (!scale.Contains(value)) throw Error(index, $"{Quote(text)} is not a rating on the scale {scale}");
        return value;
    }

    /// <summary>A unix timestamp in seconds, as a UTC time.</summary>
    public DateTimeOffset UnixTime(int index) =>
        Timestamps.TryFromUnixSeconds(Long(index), out var time, out var problem) ? time : throw Error(index, problem);

    /// <summary>An id: a non-empty field, interned in <paramref name="pool"/>.</summary>
    public string Id(int index, StringPool pool)
    {
        var text = this[index].Trim();
        if (text.IsEmpty) throw Error(index, "is empty");
        var id = pool.Intern(text);
        return EventRules.IdProblem(id) is { } problem ? throw Error(index, problem) : id;
    }

    /// <summary>A positive integer id (MovieLens), interned in <paramref name="pool"/> in its canonical form.</summary>
    public string NumericId(int index, StringPool pool)
    {
        var text = this[index];
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw Error(index, $"{Quote(text)} is not a positive integer id");
        return pool.Intern(text);
    }

    /// <summary>The field's text (may be empty).</summary>
    public string String(int index) => this[index].ToString();

    /// <summary>Shows a field value in a message, shortened if long.</summary>
    public static string Quote(ReadOnlySpan<char> value) =>
        value.Length <= MaxQuotedValueLength ? $"'{value}'" : $"'{value[..MaxQuotedValueLength]}…'";
}
