using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Strata.Core.Domain;
using static Strata.Data.Generic.GenericSchema;

namespace Strata.Data.Generic;

/// <summary>
/// Writes items, users and events in the generic format that <see cref="GenericReader"/> reads back unchanged
/// (times as ISO-8601 with offset, exact to the tick). Use it to export data or to hand-check the schema.
/// </summary>
public static class GenericFormatWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <c>items.jsonl</c>, <c>events.jsonl</c> and, when <paramref name="users"/> is given, <c>users.jsonl</c>; streams.</summary>
    public static void WriteJsonl(string folder, IEnumerable<Item> items, IEnumerable<Event> events, IEnumerable<User>? users = null)
    {
        Directory.CreateDirectory(folder);
        WriteJsonLines(Path.Combine(folder, ItemsJsonl), items, WriteItem);
        WriteJsonLines(Path.Combine(folder, EventsJsonl), events, WriteEvent);
        if (users is not null) WriteJsonLines(Path.Combine(folder, UsersJsonl), users, WriteUser);
    }

    /// <summary>
    /// Writes <c>items.csv</c>, <c>events.csv</c> and optionally <c>users.csv</c>. The item and user lists are enumerated
    /// twice (once for the columns). CSV cannot say "empty" apart from "absent", nor hold <c>|</c> inside a category or tag:
    /// such values are rejected with <see cref="ArgumentException"/>.
    /// </summary>
    public static void WriteCsv(string folder, IReadOnlyCollection<Item> items, IEnumerable<Event> events, IReadOnlyCollection<User>? users = null)
    {
        Directory.CreateDirectory(folder);
        var textColumns = items.SelectMany(i => i.Text.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var attributeColumns = items.SelectMany(i => i.Attributes.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        string[] itemHeader = [Id, Title, Categories, Tags, FlatCategories, .. textColumns.Select(c => CsvTextPrefix + c), .. attributeColumns];
        WriteCsvRows(Path.Combine(folder, ItemsCsv), itemHeader, items, item =>
        [
            item.Id, item.Title, CsvList(item.Categories), CsvList(item.Tags), item.CategoriesAreFlat ? "true" : "false",
            .. textColumns.Select(c => CsvValue(item.Text, c)), .. attributeColumns.Select(c => CsvValue(item.Attributes, c)),
        ]);
        string[] eventHeader = [EventUser, EventItem, EventTypeName, EventValue, EventTimestamp, EventText, EventKey];
        WriteCsvRows(Path.Combine(folder, EventsCsv), eventHeader, events, e =>
        [
            e.UserId, e.ItemId ?? "", e.Type.Name(), e.Value?.ToString("R", CultureInfo.InvariantCulture) ?? "",
            Iso(e.Timestamp), e.Text ?? "", e.IdempotencyKey ?? "",
        ]);
        if (users is null) return;
        var userColumns = users.SelectMany(u => u.Attributes.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        WriteCsvRows(Path.Combine(folder, UsersCsv), [Id, .. userColumns], users,
            user => [user.Id, .. userColumns.Select(c => CsvValue(user.Attributes, c))]);
    }

    private static void WriteItem(Utf8JsonWriter json, Item item)
    {
        json.WriteString(Id, item.Id);
        json.WriteString(Title, item.Title);
        WriteList(json, Categories, item.Categories);
        if (item.CategoriesAreFlat) json.WriteBoolean(FlatCategories, true);
        WriteList(json, Tags, item.Tags);
        WriteMap(json, Text, item.Text);
        WriteMap(json, Attributes, item.Attributes);
    }

    private static void WriteUser(Utf8JsonWriter json, User user)
    {
        json.WriteString(Id, user.Id);
        WriteMap(json, Attributes, user.Attributes);
    }

    private static void WriteEvent(Utf8JsonWriter json, Event e)
    {
        json.WriteString(EventUser, e.UserId);
        if (e.ItemId is not null) json.WriteString(EventItem, e.ItemId);
        json.WriteString(EventTypeName, e.Type.Name());
        if (e.Value is { } value) json.WriteNumber(EventValue, value);
        json.WriteString(EventTimestamp, Iso(e.Timestamp));
        if (e.Text is not null) json.WriteString(EventText, e.Text);
        if (e.IdempotencyKey is not null) json.WriteString(EventKey, e.IdempotencyKey);
    }

    private static void WriteJsonLines<T>(string path, IEnumerable<T> records, Action<Utf8JsonWriter, T> write)
    {
        using var file = File.Create(path);
        using var json = new Utf8JsonWriter(file, JsonOptions);
        foreach (var record in records)
        {
            json.WriteStartObject();
            write(json, record);
            json.WriteEndObject();
            json.Flush();
            json.Reset();
            file.WriteByte((byte)'\n');
        }
    }

    private static void WriteList(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0) return;
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteStringValue(value);
        json.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, string> values)
    {
        if (values.Count == 0) return;
        json.WriteStartObject(name);
        foreach (var (key, value) in values) json.WriteString(key, value);
        json.WriteEndObject();
    }

    private static void WriteCsvRows<T>(string path, string[] header, IEnumerable<T> records, Func<T, string[]> row)
    {
        using var writer = new StreamWriter(path, append: false, Utf8);
        writer.NewLine = "\n";
        writer.WriteLine(string.Join(',', header.Select(CsvField)));
        foreach (var record in records) writer.WriteLine(string.Join(',', row(record).Select(CsvField)));
    }

    /// <summary>RFC-4180 quoting when needed (separators, quotes, line breaks, edge whitespace).</summary>
    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 || (value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1])))
            ? "\"" + value.Replace("\"", "\"\"") + "\""
            : value;

    private static string CsvList(IReadOnlyList<string> values)
    {
        foreach (var value in values)
            if (value.Length == 0 || value.Contains(CsvListSeparator))
                throw new ArgumentException($"CSV lists cannot hold empty entries or '{CsvListSeparator}': {Parsing.Fields.Quote(value)}");
        return string.Join(CsvListSeparator, values);
    }

    private static string CsvValue(IReadOnlyDictionary<string, string> values, string key) =>
        values.TryGetValue(key, out var value)
            ? value.Length > 0 ? value : throw new ArgumentException($"CSV cannot hold the empty value of '{key}'")
            : "";

    private static string Iso(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
