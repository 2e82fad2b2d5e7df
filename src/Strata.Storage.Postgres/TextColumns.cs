namespace Strata.Storage.Postgres;

/// <summary>
/// Strings in PostgreSQL <c>text</c> columns. PostgreSQL cannot hold U+0000 in text, while Strata's strings may
/// contain it (the SQLite store keeps it), so it is escaped with the noncharacter U+FFFF: U+0000 becomes U+FFFF '0'
/// and U+FFFF itself becomes U+FFFF U+FFFF. Every other string — all real text — is stored unchanged, so SQL sees
/// ordinary values; and the mapping is one-to-one, so unique indexes on ids and keys keep their meaning.
/// </summary>
internal static class TextColumns
{
    private const char Escape = '\uFFFF';

    public static string Encode(string value)
    {
        if (value.AsSpan().IndexOfAny('\0', Escape) < 0) return value;
        var builder = new System.Text.StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c == '\0') builder.Append(Escape).Append('0');
            else if (c == Escape) builder.Append(Escape).Append(Escape);
            else builder.Append(c);
        }
        return builder.ToString();
    }

    public static string? EncodeNullable(string? value) => value is null ? null : Encode(value);

    /// <exception cref="InvalidDataException">The column holds an escape this class never writes.</exception>
    public static string Decode(string stored)
    {
        if (stored.AsSpan().IndexOf(Escape) < 0) return stored;
        var builder = new System.Text.StringBuilder(stored.Length);
        for (var i = 0; i < stored.Length; i++)
        {
            var c = stored[i];
            if (c != Escape)
            {
                builder.Append(c);
                continue;
            }
            builder.Append((++i < stored.Length ? stored[i] : '\0') switch
            {
                '0' => '\0',
                Escape => Escape,
                _ => throw new InvalidDataException("Corrupt text column: U+FFFF not followed by '0' or U+FFFF."),
            });
        }
        return builder.ToString();
    }
}
