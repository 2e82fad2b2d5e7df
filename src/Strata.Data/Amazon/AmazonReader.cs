using System.Text.Json;
using Strata.Core.Domain;
using Strata.Data.Parsing;

namespace Strata.Data.Amazon;

/// <summary>
/// Amazon Review Data (2018, Ni, Li &amp; McAuley): gzip-compressed JSON Lines, one category per file pair. Mapping:
/// <list type="bullet">
/// <item><c>*_5.json.gz</c> (5-core reviews) → <see cref="EventType.Rating"/> events: user <c>reviewerID</c>, item <c>asin</c>,
/// value <c>overall</c> (whole stars 1–5), time <c>unixReviewTime</c> (a day). Review text is not mapped.
/// Repeated (user, item) reviews are kept: they are separate reviews.</item>
/// <item><c>meta_*.json.gz</c> → items: <c>category</c> list as the category path (broadest first), <c>title</c>,
/// <c>Text["description"]</c> (the description list joined by newlines) and <c>Text["brand"]</c>, attributes <c>main_cat</c>
/// and <c>price</c>. HTML entities are decoded and tags removed. Titles that are scraping debris are replaced
/// (see <see cref="AmazonMetadata.ToItem"/>). Lines repeating an asin are merged into one item
/// (counted in <see cref="ReadReport.MergedDuplicates"/>): a first pass counts lines per asin so that only repeated
/// products are held in memory, each until its last line.</item>
/// <item>Reviewed products without a metadata line keep their reviews: the catalogue gets a placeholder item
/// (title = asin, attribute <c>metadata=missing</c>) and each such review is counted in
/// <see cref="ReadReport.UnknownItemReferences"/>. Why: the 5-core review count is the dataset's defining number.</item>
/// <item>There is no user file: users are the distinct reviewers.</item>
/// </list>
/// Uncompressed <c>.json</c> files are read too. A truncated gzip file is a <see cref="DataFormatException"/> naming it.
/// </summary>
public sealed class AmazonReader : DatasetReader
{
    private readonly StringPool _categories = new();
    private Dictionary<string, int>? _metaLinesByAsin;

    public AmazonReader(string folder, ReaderOptions? options = null) : base(folder, options)
    {
        ReviewFiles = Find("*_5.json.gz", "*_5.json");
        MetaFiles = Find("meta_*.json.gz", "meta_*.json");
        if (ReviewFiles.Count == 0) throw new DataFormatException("*_5.json.gz", 0, null, $"no review file found in {folder}");
        if (MetaFiles.Count == 0) throw new DataFormatException("meta_*.json.gz", 0, null, $"no metadata file found in {folder}");
    }

    public override string Format => "amazon";

    /// <summary>The review files found, in name order.</summary>
    public IReadOnlyList<string> ReviewFiles { get; }

    /// <summary>The metadata files found, in name order.</summary>
    public IReadOnlyList<string> MetaFiles { get; }

    private protected override IEnumerable<Item> ReadItems(ReadReport report)
    {
        var linesByAsin = MetaLinesByAsin();
        var pending = new Dictionary<string, (AmazonMetadata Merged, int Seen)>(StringComparer.Ordinal);
        var emitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in MetaFiles)
        {
            var metadata = ParseLines<AmazonMetadata>(file, TextEncoding.Utf8, report, (lines, output) =>
            {
                using var json = JsonFields.Parse(lines);
                output.Add(AmazonMetadata.Read(json, Ids, _categories));
            });
            foreach (var meta in metadata)
            {
                var total = linesByAsin.GetValueOrDefault(meta.Asin, 1);
                if (total == 1 && !pending.ContainsKey(meta.Asin))
                {
                    emitted.Add(meta.Asin);
                    yield return meta.ToItem();
                    continue;
                }
                if (pending.TryGetValue(meta.Asin, out var entry))
                {
                    entry.Merged.Merge(meta);
                    report.AddMergedDuplicate();
                    pending[meta.Asin] = entry = (entry.Merged, entry.Seen + 1);
                }
                else pending[meta.Asin] = entry = (meta, 1);
                if (entry.Seen >= total)
                {
                    pending.Remove(meta.Asin);
                    emitted.Add(meta.Asin);
                    yield return entry.Merged.ToItem();
                }
            }
        }
        // Lines counted in the first pass but skipped as invalid in the second leave merges short of their count.
        foreach (var (asin, entry) in pending)
        {
            emitted.Add(asin);
            yield return entry.Merged.ToItem();
        }
        foreach (var asin in ReviewedAsins())
            if (emitted.Add(asin)) yield return AmazonMetadata.Placeholder(asin);
    }

    private protected override IEnumerable<User> ReadUsers(ReadReport report) => DistinctUsers(ReadEvents(new ReadReport()));

    private protected override IEnumerable<Event> ReadEvents(ReadReport report)
    {
        var metaAsins = MetaLinesByAsin();
        return ReviewFiles.SelectMany(file => ParseLines<Event>(file, TextEncoding.Utf8, report, (lines, output) =>
        {
            using var json = JsonFields.Parse(lines);
            var review = new Event(json.Id("reviewerID", Ids), json.Id("asin", Ids), EventType.Rating,
                json.Timestamp("unixReviewTime"), json.Rating("overall", RatingScale.WholeStars));
            if (!metaAsins.ContainsKey(review.ItemId!))
                report.AddUnknownItem(report.KeepsMoreProblems
                    ? DataFormatException.Describe(json.File, json.Line, "asin", $"product {Fields.Quote(review.ItemId)} has no metadata line (kept, with a placeholder item)")
                    : null);
            output.Add(review);
        }));
    }

    /// <summary>First pass over the metadata: how many lines each asin has. Unparsable lines are left to the second pass to report.</summary>
    private Dictionary<string, int> MetaLinesByAsin()
    {
        if (_metaLinesByAsin is not null) return _metaLinesByAsin;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var file in MetaFiles)
        {
            using var lines = new LineReader(file, TextEncoding.Utf8);
            while (lines.MoveNext())
                if (AsinOf(lines.Bytes) is { } asin)
                    counts[Ids.Intern(asin)] = counts.GetValueOrDefault(asin) + 1;
        }
        return _metaLinesByAsin = counts;
    }

    /// <summary>Distinct asins of the reviews, in order; unparsable lines are left to <see cref="ReadEvents(ReadReport)"/> to report.</summary>
    private IEnumerable<string> ReviewedAsins()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in ReviewFiles)
        {
            using var lines = new LineReader(file, TextEncoding.Utf8);
            while (lines.MoveNext())
                if (AsinOf(lines.Bytes) is { } asin && seen.Add(asin))
                    yield return Ids.Intern(asin);
        }
    }

    /// <summary>The top-level <c>asin</c> string of a JSON object line, read without building a document; null if absent or malformed.</summary>
    private static string? AsinOf(ReadOnlySpan<byte> line)
    {
        try
        {
            var json = new Utf8JsonReader(line);
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject) return null;
            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var isAsin = json.ValueTextEquals("asin"u8);
                json.Read();
                if (isAsin) return json.TokenType == JsonTokenType.String ? json.GetString() : null;
                json.Skip();
            }
        }
        catch (JsonException) { }
        catch (InvalidOperationException) { } // invalid UTF-8 inside a string
        return null;
    }

    private List<string> Find(params string[] patterns) =>
        patterns.SelectMany(p => Directory.EnumerateFiles(Folder, p)).Distinct().Order(StringComparer.Ordinal).ToList();
}
