namespace Strata.Data.Parsing;

/// <summary>
/// Interns ids read from files so that a million events over a few thousand users share a few thousand strings,
/// and doubles as the set of known ids for reference checks. Lookups by span allocate nothing.
/// </summary>
internal sealed class StringPool
{
    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public StringPool() => _bySpan = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Distinct strings held.</summary>
    public int Count => _strings.Count;

    /// <summary>The pooled string equal to <paramref name="text"/>, added if new.</summary>
    public string Intern(ReadOnlySpan<char> text)
    {
        if (_bySpan.TryGetValue(text, out var existing)) return existing;
        var added = text.ToString();
        _strings.Add(added);
        return added;
    }

    /// <summary>The pooled string, added if new.</summary>
    public string Intern(string text) => _strings.TryGetValue(text, out var existing) ? existing : Add(text);

    /// <summary>True when an equal string is held.</summary>
    public bool Contains(ReadOnlySpan<char> text) => _bySpan.Contains(text);

    private string Add(string text)
    {
        _strings.Add(text);
        return text;
    }
}
