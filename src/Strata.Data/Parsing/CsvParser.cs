namespace Strata.Data.Parsing;

/// <summary>
/// RFC-4180 CSV: comma-separated fields, fields in double quotes may hold commas, doubled quotes and line breaks
/// (a record then spans several lines and is located at its first). CRLF and LF both end a line.
/// A quote inside an unquoted field or text after a closing quote is an error, as is a quote left open at the end of the file.
/// </summary>
internal sealed class CsvParser
{
    private char[] _buffer = new char[1024];
    private int _length;
    private readonly List<Range> _ranges = []; // fields are added to Fields after the buffer stops growing

    /// <summary>Parses the record that starts on the reader's current line into <paramref name="fields"/>,
    /// reading continuation lines while a quoted field is open.</summary>
    public void Read(LineReader lines, Fields fields)
    {
        _length = 0;
        var startLine = lines.LineNumber;
        var ranges = _ranges;
        ranges.Clear();
        var fieldStart = 0;
        var inQuotes = false;
        var quotedField = false;
        var afterClosingQuote = false;
        while (true)
        {
            var text = lines.Text;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (inQuotes)
                {
                    if (c != '"') Append(c);
                    else if (i + 1 < text.Length && text[i + 1] == '"') { Append('"'); i++; }
                    else { inQuotes = false; afterClosingQuote = true; }
                }
                else if (c == ',')
                {
                    ranges.Add(fieldStart.._length);
                    fieldStart = _length;
                    quotedField = afterClosingQuote = false;
                }
                else if (c == '"')
                {
                    if (_length != fieldStart || quotedField)
                        throw Located(lines, startLine, ranges.Count, "has a quote inside an unquoted field (quote the whole field and double inner quotes)");
                    inQuotes = quotedField = true;
                }
                else
                {
                    if (afterClosingQuote)
                        throw Located(lines, startLine, ranges.Count, "has text after its closing quote");
                    Append(c);
                }
            }
            if (!inQuotes) break;
            if (!lines.MoveNext())
                throw Located(lines, startLine, ranges.Count, "has a quote that is never closed");
            Append('\n');
        }
        ranges.Add(fieldStart.._length);
        fields.Reset(lines.FileName, startLine, _buffer.AsMemory(0, _length));
        foreach (var range in ranges) fields.AddRange(range);
    }

    private void Append(char c)
    {
        if (_length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
        _buffer[_length++] = c;
    }

    private static DataFormatException Located(LineReader lines, long startLine, int fieldIndex, string problem) =>
        new(lines.FileName, startLine, $"#{fieldIndex + 1}", problem);
}
