using System.Text;
using Strata.Core.Domain;

namespace Strata.Embeddings.Text;

/// <summary>
/// Turns an <see cref="Item"/> into the text the encoder sees, e.g. <c>"{title}. {categories}. {tags}. {description}"</c>.
/// </summary>
/// <remarks>
/// <para>Placeholders: <c>{title}</c>, <c>{id}</c>, <c>{categories}</c> (flat genres joined by <c>", "</c>, a category path
/// by <c>" > "</c>), <c>{tags}</c> (joined by <c>", "</c>), and any other <c>{name}</c>: the item's text field of that name
/// (<see cref="Item.Text"/>, e.g. <c>description</c>, <c>abstract</c>, <c>brand</c>), else its attribute of that name.</para>
/// <para>The literal text between two placeholders is a separator: it is written only between two non-empty values, so a
/// missing field leaves no <c>". . "</c> behind; a separator is not doubled when the value before it already ends with
/// the same punctuation. Literal text before the first or after the last placeholder is kept when any value is non-empty.
/// Values are trimmed and runs of whitespace (tabs, newlines) become one space.</para>
/// <para>When every value is empty the text is the item's title, else its id, so no item is embedded as empty text.</para>
/// </remarks>
public sealed class ItemTextTemplate
{
    /// <summary>Title, categories, tags, description: the general default.</summary>
    public const string DefaultPattern = "{title}. {categories}. {tags}. {description}";

    /// <summary>MovieLens: title (with year) and genres; ml-latest-small's tags are user events, not item text.</summary>
    public const string MovieLensPattern = "{title}. {categories}";

    /// <summary>MIND news: title, category › subcategory, abstract.</summary>
    public const string MindPattern = "{title}. {categories}. {abstract}";

    /// <summary>Amazon reviews metadata: description, brand, category path (titles in the 2018 dumps are often broken HTML).</summary>
    public const string AmazonPattern = "{description}. {brand}. {categories}";

    private readonly string[] _literals;
    private readonly string[] _fields;

    /// <summary>Parses <paramref name="pattern"/>; throws <see cref="ArgumentException"/> on an unclosed brace or an empty placeholder.</summary>
    public ItemTextTemplate(string pattern)
    {
        Pattern = pattern;
        var literals = new List<string>();
        var fields = new List<string>();
        int position = 0;
        while (true)
        {
            int open = pattern.IndexOf('{', position);
            if (open < 0) break;
            int close = pattern.IndexOf('}', open + 1);
            if (close < 0) throw new ArgumentException($"Item text template '{pattern}': '{{' at {open} is never closed.", nameof(pattern));
            var name = pattern[(open + 1)..close].Trim();
            if (name.Length == 0 || name.Contains('{'))
                throw new ArgumentException($"Item text template '{pattern}': bad placeholder at {open}.", nameof(pattern));
            literals.Add(pattern[position..open]);
            fields.Add(name.ToLowerInvariant());
            position = close + 1;
        }
        if (fields.Count == 0) throw new ArgumentException($"Item text template '{pattern}' has no placeholder such as {{title}}.", nameof(pattern));
        literals.Add(pattern[position..]);
        _literals = [.. literals];
        _fields = [.. fields];
    }

    /// <summary>The pattern this template was parsed from.</summary>
    public string Pattern { get; }

    /// <summary>The general default, <see cref="DefaultPattern"/>.</summary>
    public static ItemTextTemplate Default { get; } = new(DefaultPattern);

    /// <summary>
    /// The default template for a dataset name as the readers spell it: names starting with <c>ml-</c> or <c>movielens</c>
    /// → <see cref="MovieLensPattern"/>, <c>mind…</c> → <see cref="MindPattern"/>, <c>amazon…</c> → <see cref="AmazonPattern"/>,
    /// anything else → <see cref="DefaultPattern"/>.
    /// </summary>
    public static ItemTextTemplate ForDataset(string? dataset)
    {
        var name = dataset?.Trim().ToLowerInvariant() ?? "";
        return name.StartsWith("ml-", StringComparison.Ordinal) || name.StartsWith("movielens", StringComparison.Ordinal) ? new(MovieLensPattern)
            : name.StartsWith("mind", StringComparison.Ordinal) ? new(MindPattern)
            : name.StartsWith("amazon", StringComparison.Ordinal) ? new(AmazonPattern)
            : Default;
    }

    /// <summary>The encoder text of <paramref name="item"/>; never empty or whitespace.</summary>
    public string Render(Item item)
    {
        var text = new StringBuilder();
        text.Append(_literals[0]);
        bool any = false;
        for (int f = 0; f < _fields.Length; f++)
        {
            var value = Collapse(Value(item, _fields[f]));
            if (value.Length == 0) continue;
            if (any) AppendSeparator(text, _literals[f]);
            text.Append(value);
            any = true;
        }
        if (!any) return Collapse(item.Title) is { Length: > 0 } title ? title : item.Id;
        AppendSeparator(text, _literals[^1]);
        return text.ToString().Trim();
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;

    private static string Value(Item item, string field) => field switch
    {
        "title" => item.Title,
        "id" => item.Id,
        "categories" => string.Join(item.CategoriesAreFlat ? ", " : " > ", item.Categories),
        "tags" => string.Join(", ", item.Tags),
        _ => Lookup(item.Text, field) ?? Lookup(item.Attributes, field) ?? "",
    };

    private static string? Lookup(IReadOnlyDictionary<string, string> values, string field)
    {
        if (values.TryGetValue(field, out var exact)) return exact;
        foreach (var (key, value) in values)
            if (string.Equals(key, field, StringComparison.OrdinalIgnoreCase)) return value;
        return null;
    }

    private static void AppendSeparator(StringBuilder text, string separator)
    {
        // "Great film." + ". " would read "Great film.. "; keep one mark.
        if (separator.Length > 0 && text.Length > 0 && char.IsPunctuation(separator[0]) && text[^1] == separator[0])
            separator = separator[1..];
        text.Append(separator);
    }

    private static string Collapse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return "";
        var builder = new StringBuilder(value.Length);
        bool pendingSpace = false;
        foreach (var c in value.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c)) { pendingSpace = true; continue; }
            if (pendingSpace) builder.Append(' ');
            builder.Append(c);
            pendingSpace = false;
        }
        return builder.ToString();
    }
}
