namespace Strata.Data;

/// <summary>
/// A dataset file is malformed. The message is user-facing and names file, line and field,
/// e.g. <c>u.data:17: field 'rating': 'x' is not a number</c>.
/// </summary>
public sealed class DataFormatException : Exception
{
    public DataFormatException(string file, long line, string? field, string problem, Exception? inner = null)
        : this(file, line, field, problem, DataProblem.Malformed, inner)
    {
    }

    public DataFormatException(string file, long line, string? field, string problem, DataProblem kind, Exception? inner = null)
        : base(Describe(file, line, field, problem), inner)
    {
        Kind = kind;
        File = file;
        Line = line;
        Field = field;
        Problem = problem;
    }

    /// <summary>File name (without folder) of the bad input.</summary>
    public string File { get; }

    /// <summary>1-based line number; 0 when the problem is not tied to a line (e.g. a truncated gzip stream before any line).</summary>
    public long Line { get; }

    /// <summary>The field at fault, or null when the whole line (or file) is.</summary>
    public string? Field { get; }

    /// <summary>Malformed input or an unknown reference.</summary>
    public DataProblem Kind { get; }

    /// <summary>The problem without the location prefix.</summary>
    public string Problem { get; }

    /// <summary>Formats <c>file:line: field 'f': problem</c>; the parts that are unknown are left out.</summary>
    public static string Describe(string file, long line, string? field, string problem)
    {
        var location = line > 0 ? $"{file}:{line}" : file;
        return field is null ? $"{location}: {problem}" : $"{location}: field '{field}': {problem}";
    }
}
