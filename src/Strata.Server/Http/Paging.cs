using System.Buffers.Text;
using System.Text;

namespace Strata.Server.Http;

/// <summary>
/// Query parameters of paged lists: <c>n</c> (page size) and an opaque <c>cursor</c>, the <c>nextCursor</c> of the page
/// before (an id for catalogue pages, a sequence number for event pages).
/// </summary>
internal static class Paging
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 1000;

    public static int PageSize(string? n, Validation validation)
    {
        var size = validation.Int("n", n, DefaultPageSize);
        if (size is < 1 or > MaxPageSize) validation.Add("n", $"Must be between 1 and {MaxPageSize}.");
        return size;
    }

    public static string IdCursor(string id) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(id));

    /// <summary>The id a cursor stands for; null for none; a field error when it is not a cursor this server gave out.</summary>
    public static string? AfterId(string? cursor, Validation validation)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            validation.Add("cursor", "Not a cursor from this list: pass the nextCursor of the previous page.");
            return null;
        }
    }

    public static string SequenceCursor(long sequence) => sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The sequence number a cursor stands for (0: from the start).</summary>
    public static long AfterSequence(string? cursor, Validation validation)
    {
        if (string.IsNullOrEmpty(cursor)) return 0;
        if (long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)) return sequence;
        validation.Add("cursor", "Not a cursor from this list: pass the nextCursor of the previous page.");
        return 0;
    }

    /// <summary>The next page's cursor: present only when this page is full (a short page is the last).</summary>
    public static string? Next<T>(IReadOnlyList<T> page, int size, Func<T, string> cursor) => page.Count == size && size > 0 ? cursor(page[^1]) : null;
}
