namespace Strata.Data.Generic;

/// <summary>
/// Names of Strata's generic format, shared by <see cref="GenericReader"/> and <see cref="GenericFormatWriter"/>.
/// JSON Lines (one object per line, UTF-8):
/// <code>
/// items.jsonl  {"id":"b1","title":"Dune","categories":["Books","Fiction","Science fiction"],"flat_categories":false,
///               "tags":["classic"],"text":{"description":"…"},"attributes":{"year":"1965"}}
/// users.jsonl  {"id":"u1","attributes":{"country":"NZ"}}                                   (optional file)
/// events.jsonl {"user":"u1","item":"b1","type":"rating","value":4.5,"timestamp":"2024-05-01T10:00:00Z","text":null,"key":"e-1"}
/// </code>
/// CSV (RFC-4180 with a header; columns in any order): <c>items.csv</c> has <c>id</c>, <c>title</c>, <c>categories</c>
/// and <c>tags</c> (lists joined by <c>|</c>), <c>flat_categories</c> (true/false), <c>text.NAME</c> columns for text fields
/// and any other column as an attribute; <c>users.csv</c> has <c>id</c> and attribute columns; <c>events.csv</c> has the
/// event property names as columns. Empty CSV cells mean "absent".
/// </summary>
public static class GenericSchema
{
    public const string ItemsJsonl = "items.jsonl";
    public const string UsersJsonl = "users.jsonl";
    public const string EventsJsonl = "events.jsonl";
    public const string ItemsCsv = "items.csv";
    public const string UsersCsv = "users.csv";
    public const string EventsCsv = "events.csv";

    // items and users
    public const string Id = "id";
    public const string Title = "title";
    public const string Categories = "categories";
    public const string FlatCategories = "flat_categories";
    public const string Tags = "tags";
    public const string Text = "text";
    public const string Attributes = "attributes";

    // events
    public const string EventUser = "user";
    public const string EventItem = "item";
    public const string EventTypeName = "type";
    public const string EventValue = "value";
    public const string EventTimestamp = "timestamp";
    public const string EventText = "text";
    public const string EventKey = "key";

    /// <summary>Joins list entries in a CSV cell.</summary>
    public const char CsvListSeparator = '|';

    /// <summary>Prefix of CSV item columns that hold text fields (<c>text.description</c>).</summary>
    public const string CsvTextPrefix = "text.";
}
