using System.Globalization;
using Strata.Core.Domain;
using Strata.Data.Parsing;
using static Strata.Data.Generic.GenericSchema;

namespace Strata.Data.Generic;

/// <summary>
/// Strata's generic format for users' own data (schema in <see cref="GenericSchema"/> and the README): a folder with
/// <c>items.jsonl</c> or <c>items.csv</c>, <c>events.jsonl</c> or <c>events.csv</c>, and optionally <c>users.jsonl</c> or
/// <c>users.csv</c> (without it, users are the distinct users of the events). JSON Lines wins when both exist.
/// Event types are the wire names (<see cref="EventTypes"/>); ratings need a <c>value</c>, search and tag events a
/// <c>text</c>, every type but search an <c>item</c> that is in the item file, and when a user file exists the user must
/// be in it. Times are ISO-8601 (UTC if no offset) or unix seconds.
/// </summary>
public sealed class GenericReader : DatasetReader
{
    private static readonly string[] RequiredEventColumns = [EventUser, EventItem, EventTypeName, EventTimestamp];

    private readonly StringPool _names = new();

    public GenericReader(string folder, ReaderOptions? options = null) : base(folder, options)
    {
        ItemsFile = OptionalFile(ItemsJsonl) ?? RequiredFile(ItemsCsv);
        EventsFile = OptionalFile(EventsJsonl) ?? RequiredFile(EventsCsv);
        UsersFile = OptionalFile(UsersJsonl) ?? OptionalFile(UsersCsv);
    }

    public override string Format => "jsonl";

    public string ItemsFile { get; }
    public string EventsFile { get; }
    public string? UsersFile { get; }

    private static bool IsCsv(string path) => path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);

    private protected override IEnumerable<Item> ReadItems(ReadReport report) => IsCsv(ItemsFile)
        ? ParseCsv(ItemsFile, report, ItemFromCsv, header => RequireColumns(header, [Id], ItemsFile))
        : ParseJson(ItemsFile, report, json => new Item(
            json.Id(Id, Ids), json.OptionalString(Title) ?? "", Interned(json.StringList(Categories)),
            Interned(json.StringList(Tags)), json.StringMap(Text), json.StringMap(Attributes),
            json.Optional(FlatCategories) is { } flat ? Boolean(json, flat) : false));

    private protected override IEnumerable<User> ReadUsers(ReadReport report)
    {
        if (UsersFile is null) return DistinctUsers(ReadEvents(new ReadReport()));
        return IsCsv(UsersFile)
            ? ParseCsv(UsersFile, report, UserFromCsv, header => RequireColumns(header, [Id], UsersFile))
            : ParseJson(UsersFile, report, json => new User(json.Id(Id, Ids), json.StringMap(Attributes)));
    }

    private protected override IEnumerable<Event> ReadEvents(ReadReport report) => IsCsv(EventsFile)
        ? ParseCsv(EventsFile, report, EventFromCsv, header => RequireColumns(header, RequiredEventColumns, EventsFile))
        : ParseJson(EventsFile, report, json => Checked(new Location(json.File, json.Line),
            json.Id(EventUser, Ids), json.Optional(EventItem) is null ? null : json.Id(EventItem, Ids), json.RequiredString(EventTypeName),
            json.OptionalNumber(EventValue), json.Timestamp(EventTimestamp), json.OptionalString(EventText), json.OptionalString(EventKey)));

    /// <summary>The checks every event passes, whichever file syntax it came from.</summary>
    private Event Checked(Location at, string user, string? item, string typeName, double? value, DateTimeOffset time,
        string? text, string? key)
    {
        if (!EventTypes.TryParse(typeName, out var type))
            throw at.Error(EventTypeName, $"{Fields.Quote(typeName)} is not an event type ({string.Join(", ", EventTypes.All.Select(t => t.Name()))})");
        if (type.RequiresItem() && item is null) throw at.Error(EventItem, $"is missing ({type.Name()} events need an item)");
        if (!type.RequiresItem() && item is not null) throw at.Error(EventItem, "search events have no item");
        var e = new Event(user, item, type, time, value, text, key);
        // The rules every event obeys on every path (API, importers, stores); their field names are this format's.
        if (EventRules.Check(e, DateTimeOffset.UtcNow) is { } broken) throw at.Error(broken.Field, broken.Problem);
        if (item is not null && !ItemIds.Contains(item))
            throw at.Error(EventItem, $"item {Fields.Quote(item)} is not in {Path.GetFileName(ItemsFile)}", DataProblem.UnknownItem);
        if (UsersFile is not null && !UserIds.Contains(user))
            throw at.Error(EventUser, $"user {Fields.Quote(user)} is not in {Path.GetFileName(UsersFile)}", DataProblem.UnknownUser);
        return e;
    }

    private Item ItemFromCsv(Fields fields)
    {
        string? id = null, title = null;
        IReadOnlyList<string> categories = [], tags = [];
        var flat = false;
        var text = new Dictionary<string, string>();
        var attributes = new Dictionary<string, string>();
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields.Name(i);
            if (name == Id) id = fields.Id(i, Ids);
            else if (fields[i].IsEmpty) continue;
            else if (name == Title) title = fields.String(i);
            else if (name == Categories) categories = CsvList(fields, i);
            else if (name == Tags) tags = CsvList(fields, i);
            else if (name == FlatCategories) flat = CsvBoolean(fields, i);
            else if (name.StartsWith(CsvTextPrefix, StringComparison.Ordinal)) text[name[CsvTextPrefix.Length..]] = fields.String(i);
            else attributes[name] = fields.String(i);
        }
        return new Item(id!, title ?? "", categories, tags, text, attributes, flat);
    }

    private User UserFromCsv(Fields fields)
    {
        string? id = null;
        var attributes = new Dictionary<string, string>();
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields.Name(i) == Id) id = fields.Id(i, Ids);
            else if (!fields[i].IsEmpty) attributes[fields.Name(i)] = fields.String(i);
        }
        return new User(id!, attributes);
    }

    private Event EventFromCsv(Fields fields)
    {
        string? user = null, item = null, type = null, text = null, key = null;
        double? value = null;
        DateTimeOffset time = default;
        for (var i = 0; i < fields.Count; i++)
        {
            var name = fields.Name(i);
            if (name == EventUser) user = fields.Id(i, Ids);
            else if (name == EventTypeName) type = fields.String(i);
            else if (name == EventTimestamp)
                time = Timestamps.TryParse(fields.String(i), out var parsed, out var problem) ? parsed : throw fields.Error(i, problem);
            else if (fields[i].IsEmpty) continue;
            else if (name == EventItem) item = fields.Id(i, Ids);
            else if (name == EventValue) value = CsvNumber(fields, i);
            else if (name == EventText) text = fields.String(i);
            else if (name == EventKey) key = fields.String(i);
        }
        return Checked(new Location(fields.File, fields.Line), user!, item, type!, value, time, text, key);
    }

    private IEnumerable<T> ParseJson<T>(string path, ReadReport report, Func<JsonFields, T> parse) =>
        ParseLines<T>(path, TextEncoding.Utf8, report, (lines, results) =>
        {
            using var json = JsonFields.Parse(lines);
            results.Add(parse(json));
        });

    private static IReadOnlyList<string> RequireColumns(IReadOnlyList<string> header, string[] required, string path)
    {
        foreach (var column in required)
            if (!header.Contains(column))
                throw new DataFormatException(Path.GetFileName(path), 1, column, $"header has no '{column}' column (found: {string.Join(",", header)})");
        if (header.Distinct().Count() != header.Count)
            throw new DataFormatException(Path.GetFileName(path), 1, null, "header repeats a column name");
        return header;
    }

    private IReadOnlyList<string> Interned(IReadOnlyList<string> names) => names.Select(_names.Intern).ToArray();

    private IReadOnlyList<string> CsvList(Fields fields, int index)
    {
        var list = new List<string>();
        foreach (var range in fields[index].Split(CsvListSeparator)) list.Add(_names.Intern(fields[index][range]));
        return list;
    }

    private static bool CsvBoolean(Fields fields, int index) =>
        bool.TryParse(fields[index].Trim(), out var value) ? value : throw fields.Error(index, $"{Fields.Quote(fields[index])} is not true or false");

    private static double CsvNumber(Fields fields, int index) =>
        double.TryParse(fields[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw fields.Error(index, $"{Fields.Quote(fields[index])} is not a number");

    private static bool Boolean(JsonFields json, System.Text.Json.JsonElement value) => value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.True => true,
        System.Text.Json.JsonValueKind.False => false,
        _ => throw json.Error(FlatCategories, $"expected true or false, found {value.GetRawText()}"),
    };

    /// <summary>Where a record starts, for errors raised after its fields were read.</summary>
    private readonly record struct Location(string File, long Line)
    {
        public DataFormatException Error(string field, string problem, DataProblem kind = DataProblem.Malformed) =>
            new(File, Line, field, problem, kind);
    }
}
