namespace Strata.Interests.Taxonomies;

/// <summary>
/// The catalogue's own descriptive values of an item — categories (every level of a path, or flat genres), item tags and
/// the decade it states — as used for node labels (<see cref="TaxonomyBuilder"/>) and for matching a sentence against the
/// catalogue's vocabulary.
/// </summary>
public static class ItemEvidence
{
    /// <summary>Categories, then tags, then the decade; trimmed, empty ones skipped (duplicates are the caller's to merge).</summary>
    public static IEnumerable<string> Values(Core.Domain.Item item)
    {
        foreach (var value in item.Categories.Concat(item.Tags).Concat(Decade(item)))
        {
            var trimmed = value.Trim();
            if (trimmed.Length > 0) yield return trimmed;
        }
    }

    /// <summary>
    /// The item's decade ("1990s") when it states a year: the <c>year</c> attribute, a four-digit year in
    /// <c>release_date</c>, or a title ending in "(1995)" (MovieLens and many catalogues write titles so).
    /// </summary>
    public static IEnumerable<string> Decade(Core.Domain.Item item)
    {
        int? year = null;
        if (item.Attributes.TryGetValue("year", out var text) && int.TryParse(text.Trim(), out var y)) year = y;
        else if (item.Attributes.TryGetValue("release_date", out var date)) year = FourDigits(date, fromEnd: false);
        if (year is null)
        {
            var title = item.Title.AsSpan().TrimEnd();
            if (title.Length >= 6 && title[^1] == ')' && title[^6] == '(') year = FourDigits(title[^5..^1].ToString(), fromEnd: true);
        }
        if (year is >= 1800 and <= 2199) yield return $"{year / 10 * 10}s";
    }

    private static int? FourDigits(string text, bool fromEnd)
    {
        for (int i = 0; i + 4 <= text.Length; i++)
        {
            var start = fromEnd ? text.Length - 4 - i : i;
            var span = text.AsSpan(start, 4);
            if ((start == 0 || !char.IsAsciiDigit(text[start - 1])) && (start + 4 == text.Length || !char.IsAsciiDigit(text[start + 4]))
                && int.TryParse(span, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var year))
                return year;
        }
        return null;
    }

}
