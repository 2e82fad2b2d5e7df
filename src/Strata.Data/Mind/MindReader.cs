using System.Globalization;
using Strata.Core.Domain;
using Strata.Data.Parsing;

namespace Strata.Data.Mind;

/// <summary>
/// MIND (Microsoft News Dataset): tab-separated, UTF-8, no header. Mapping:
/// <list type="bullet">
/// <item><c>news.tsv</c> (<c>id, category, subcategory, title, abstract, url, title entities, abstract entities</c>) → items
/// with the category path [category, subcategory], the title, <c>Text["abstract"]</c> (when not empty) and attribute
/// <c>url</c>. The entity columns (Wikidata links) are not mapped.</item>
/// <item><c>behaviors.tsv</c> (<c>impression id, user, time "M/D/YYYY h:mm:ss AM/PM", history, impressions</c>) → events.
/// The history (news the user clicked before the logged week) becomes <see cref="EventType.Click"/> events, emitted once per
/// user, at the first impression of that user: MIND gives no times for history clicks, so they carry that impression's
/// time (they happened before it). Each impression entry <c>N123-1</c> becomes a <see cref="EventType.Click"/>,
/// <c>N123-0</c> an <see cref="EventType.Impression"/> (shown, not clicked), at the impression time. Times have no
/// time zone in MIND and are read as UTC.</item>
/// <item>There is no user file: users are the distinct users that have at least one event.</item>
/// </list>
/// News ids not in <c>news.tsv</c> are common (MIND's behaviours reach beyond any sample of the news, and the staged sample
/// mostly does not link up): such events are dropped and counted in <see cref="ReadReport.UnknownItemReferences"/>, never an error.
/// </summary>
public sealed class MindReader : DatasetReader
{
    private static readonly string[] NewsFields =
        ["news id", "category", "subcategory", "title", "abstract", "url", "title entities", "abstract entities"];

    private static readonly string[] BehaviorFields = ["impression id", "user id", "time", "history", "impressions"];

    private readonly StringPool _categories = new();

    public MindReader(string folder, ReaderOptions? options = null) : base(folder, options)
    {
        RequiredFile("news.tsv");
        RequiredFile("behaviors.tsv");
    }

    public override string Format => "mind";

    private protected override IEnumerable<Item> ReadItems(ReadReport report) =>
        ParseDelimited(RequiredFile("news.tsv"), TextEncoding.Utf8, "\t", NewsFields, report, fields =>
        {
            var id = fields.Id(0, Ids);
            var category = Required(fields, 1);
            var subcategory = Required(fields, 2);
            var title = Required(fields, 3);
            var text = fields[4].IsWhiteSpace() ? Item.Empty : new Dictionary<string, string> { ["abstract"] = fields.String(4).Trim() };
            var url = fields[5].Trim();
            var attributes = url.IsEmpty ? Item.Empty : new Dictionary<string, string> { ["url"] = url.ToString() };
            return new Item(id, title, [_categories.Intern(category), _categories.Intern(subcategory)], [], text, attributes);
        });

    private protected override IEnumerable<User> ReadUsers(ReadReport report) => DistinctUsers(ReadEvents(new ReadReport()));

    private protected override IEnumerable<Event> ReadEvents(ReadReport report)
    {
        var fields = new Fields();
        var usersWithHistory = new HashSet<string>(StringComparer.Ordinal);
        return ParseLines<Event>(RequiredFile("behaviors.tsv"), TextEncoding.Utf8, report, (lines, events) =>
        {
            fields.Split(lines, "\t");
            fields.Expect(BehaviorFields);
            if (!long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out _))
                throw fields.Error(0, $"{Fields.Quote(fields[0])} is not a number");
            var user = fields.Id(1, Ids);
            var time = Time(fields, 2);
            var history = new List<string>();
            foreach (var range in fields[3].Split(' '))
                if (!fields[3][range].IsEmpty) history.Add(Ids.Intern(fields[3][range]));
            var impressions = new List<(string News, bool Clicked)>();
            foreach (var range in fields[4].Split(' '))
            {
                var entry = fields[4][range];
                if (entry.IsEmpty) continue;
                var dash = entry.LastIndexOf('-');
                if (dash <= 0 || !(entry[(dash + 1)..] is "0" or "1"))
                    throw fields.Error(4, $"{Fields.Quote(entry)} is not 'newsid-0' or 'newsid-1'");
                impressions.Add((Ids.Intern(entry[..dash]), entry[dash + 1] == '1'));
            }
            // The line is valid: now drop what does not link up. Only first-seen users contribute their history.
            if (!usersWithHistory.Contains(user))
            {
                foreach (var news in history)
                    if (Known(fields, 3, news, report)) events.Add(new Event(user, news, EventType.Click, time));
                usersWithHistory.Add(user);
            }
            foreach (var (news, clicked) in impressions)
                if (Known(fields, 4, news, report))
                    events.Add(new Event(user, news, clicked ? EventType.Click : EventType.Impression, time));
        });
    }

    private bool Known(Fields fields, int index, string newsId, ReadReport report)
    {
        if (ItemIds.Contains(newsId)) return true;
        report.AddUnknownItem(report.KeepsMoreProblems
            ? DataFormatException.Describe(fields.File, fields.Line, fields.Name(index), $"news {Fields.Quote(newsId)} is not in news.tsv (event dropped)")
            : null);
        return false;
    }

    private static string Required(Fields fields, int index)
    {
        var text = fields[index].Trim();
        if (text.IsEmpty) throw fields.Error(index, "is empty");
        return text.ToString();
    }

    private static DateTimeOffset Time(Fields fields, int index)
    {
        if (DateTime.TryParseExact(fields[index], "M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var time))
            return new DateTimeOffset(time, TimeSpan.Zero);
        throw fields.Error(index, $"{Fields.Quote(fields[index])} is not a time like 11/15/2019 8:55:22 AM");
    }
}
