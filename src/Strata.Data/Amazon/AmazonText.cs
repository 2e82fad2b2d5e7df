using System.Net;
using System.Text.RegularExpressions;

namespace Strata.Data.Amazon;

/// <summary>Cleans the scraped text of Amazon metadata: HTML entities decoded, tags removed, whitespace collapsed.</summary>
internal static partial class AmazonText
{
    private const int MaxDerivedTitleLength = 100;

    /// <summary>Decoded, tag-free, single-spaced text ("Canoe &amp;amp; Kayak" → "Canoe &amp; Kayak", "&lt;I&gt;Traveller&lt;/I&gt;" → "Traveller").</summary>
    public static string Clean(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return "";
        var decoded = WebUtility.HtmlDecode(Tag().Replace(html, " "));
        return Whitespace().Replace(decoded, " ").Trim();
    }

    /// <summary>
    /// True for titles that are scraping debris rather than a name: markup left in the raw title
    /// (<c>&lt;span class="a-size-medium a-color-secondary"</c>, <c> Magazines" /&gt;</c>) or an empty title.
    /// </summary>
    public static bool IsBrokenTitle(string? raw) =>
        string.IsNullOrWhiteSpace(raw) || raw.Contains('<') || raw.Contains("/>", StringComparison.Ordinal);

    /// <summary>The first sentence of <paramref name="text"/>, cut at a word boundary to at most 100 characters (with "…").</summary>
    public static string FirstSentence(string text)
    {
        var end = text.IndexOfAny(['.', '!', '?']);
        var sentence = end > 0 ? text[..(end + 1)] : text;
        if (sentence.Length <= MaxDerivedTitleLength) return sentence;
        var cut = sentence.LastIndexOf(' ', MaxDerivedTitleLength - 1);
        return sentence[..(cut > 0 ? cut : MaxDerivedTitleLength - 1)].TrimEnd(',', ';', ':', ' ') + "…";
    }

    [GeneratedRegex("<[^<>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
