using Strata.Core.Domain;
using Strata.Data.Parsing;

namespace Strata.Data;

/// <summary>
/// Shared machinery of the format readers: locating files, the skip-or-throw policy for bad lines, and the lazily built
/// sets of known item and user ids used for reference checks. Each public read writes to <see cref="Report"/>; the
/// internal passes a reader makes for itself (collecting ids, deriving users from events) write to a scratch report,
/// so a bad line is counted once per public enumeration.
/// </summary>
public abstract class DatasetReader : IDatasetReader
{
    private StringPool? _itemIds;
    private StringPool? _userIds;

    protected DatasetReader(string folder, ReaderOptions? options)
    {
        if (File.Exists(folder))
            throw new DataFormatException(folder, 0, null,
                $"this is a file; give the dataset's folder, which holds it and its companion files (here: {Path.GetDirectoryName(Path.GetFullPath(folder))})");
        if (!Directory.Exists(folder))
            throw new DataFormatException(folder, 0, null, "dataset folder not found");
        Folder = folder;
        Options = options ?? ReaderOptions.Strict;
    }

    /// <inheritdoc />
    public abstract string Format { get; }

    /// <summary>The dataset folder.</summary>
    public string Folder { get; }

    /// <summary>How bad input is treated.</summary>
    public ReaderOptions Options { get; }

    /// <inheritdoc />
    public ReadReport Report { get; } = new();

    /// <summary>Interned ids shared by everything this reader returns.</summary>
    private protected StringPool Ids { get; } = new();

    public IEnumerable<Item> ReadItems() => ReadItems(Report);

    public IEnumerable<User> ReadUsers() => ReadUsers(Report);

    public IEnumerable<Event> ReadEvents() => ReadEvents(Report);

    private protected abstract IEnumerable<Item> ReadItems(ReadReport report);

    private protected abstract IEnumerable<User> ReadUsers(ReadReport report);

    private protected abstract IEnumerable<Event> ReadEvents(ReadReport report);

    /// <summary>Ids of the catalogue's items (one pass over the item file on first use).</summary>
    private protected StringPool ItemIds => _itemIds ??= Collect(ReadItems(new ReadReport()).Select(i => i.Id));

    /// <summary>Ids of the users in the user file (one pass on first use).</summary>
    private protected StringPool UserIds => _userIds ??= Collect(ReadUsers(new ReadReport()).Select(u => u.Id));

    /// <summary>The path of a required file in the folder; a missing file is a <see cref="DataFormatException"/>.</summary>
    private protected string RequiredFile(string name)
    {
        var path = Path.Combine(Folder, name);
        if (!File.Exists(path)) throw new DataFormatException(name, 0, null, $"file not found in {Folder}");
        return path;
    }

    /// <summary>The path of an optional file, or null.</summary>
    private protected string? OptionalFile(string name)
    {
        var path = Path.Combine(Folder, name);
        return File.Exists(path) ? path : null;
    }

    /// <summary>
    /// Reads <paramref name="path"/> line by line, handing each non-blank line to <paramref name="parse"/>, which appends
    /// zero or more results. A <see cref="DataFormatException"/> from <paramref name="parse"/> stops the read, or with
    /// <see cref="ReaderOptions.SkipInvalid"/> drops that line's results and is counted. A whole line is all or nothing.
    /// <paramref name="header"/>, if given, receives the first line; header errors always stop the read.
    /// </summary>
    private protected IEnumerable<T> ParseLines<T>(
        string path, TextEncoding encoding, ReadReport report, Action<LineReader, List<T>> parse,
        Action<LineReader>? header = null)
    {
        using var lines = new LineReader(path, encoding);
        var results = new List<T>();
        if (header is not null)
        {
            if (!lines.MoveNext()) throw new DataFormatException(lines.FileName, 1, null, "file is empty (expected a header line)");
            header(lines);
        }
        while (lines.MoveNext())
        {
            if (lines.IsBlank) continue;
            results.Clear();
            try
            {
                parse(lines, results);
            }
            catch (DataFormatException problem) when (Options.SkipInvalid)
            {
                report.AddSkipped(problem);
                continue;
            }
            foreach (var result in results) yield return result;
        }
    }

    /// <summary>Reads a delimited file (no quoting) whose lines have exactly the named fields.</summary>
    private protected IEnumerable<T> ParseDelimited<T>(
        string path, TextEncoding encoding, string separator, IReadOnlyList<string> fieldNames, ReadReport report,
        Func<Fields, T> parse)
    {
        var fields = new Fields();
        return ParseLines<T>(path, encoding, report, (lines, results) =>
        {
            fields.Split(lines, separator);
            fields.Expect(fieldNames);
            results.Add(parse(fields));
        });
    }

    /// <summary>Reads a CSV file whose header must list exactly <paramref name="fieldNames"/>.</summary>
    private protected IEnumerable<T> ParseCsv<T>(
        string path, IReadOnlyList<string> fieldNames, ReadReport report, Func<Fields, T> parse) =>
        ParseCsv(path, report, parse, header =>
        {
            if (!header.SequenceEqual(fieldNames, StringComparer.OrdinalIgnoreCase))
                throw new DataFormatException(Path.GetFileName(path), 1, null,
                    $"header is '{string.Join(",", header)}', expected '{string.Join(",", fieldNames)}'");
            return fieldNames;
        });

    /// <summary>
    /// Reads a CSV file with a header line: <paramref name="header"/> checks the column names and returns the names to
    /// use in messages; every record must then have that many fields.
    /// </summary>
    private protected IEnumerable<T> ParseCsv<T>(
        string path, ReadReport report, Func<Fields, T> parse, Func<IReadOnlyList<string>, IReadOnlyList<string>> header)
    {
        var csv = new CsvParser();
        var fields = new Fields();
        IReadOnlyList<string> names = [];
        return ParseLines<T>(path, TextEncoding.Utf8, report,
            (lines, results) =>
            {
                csv.Read(lines, fields);
                fields.Expect(names);
                results.Add(parse(fields));
            },
            header: lines =>
            {
                csv.Read(lines, fields);
                names = header(Enumerable.Range(0, fields.Count).Select(i => fields.String(i).Trim()).ToArray());
            });
    }

    /// <summary>
    /// Checks that an event's item is in the catalogue. Unknown: a located error (stop, or skip and count with
    /// <see cref="ReaderOptions.SkipInvalid"/>); the count lands in <see cref="ReadReport.UnknownItemReferences"/>.
    /// </summary>
    private protected void RequireKnownItem(Fields fields, int index, string itemId, string catalogueFile)
    {
        if (ItemIds.Contains(itemId)) return;
        throw new DataFormatException(fields.File, fields.Line, fields.Name(index),
            $"item {Fields.Quote(itemId)} is not in {catalogueFile}", DataProblem.UnknownItem);
    }

    /// <summary>As <see cref="RequireKnownItem"/>, for users and the user file.</summary>
    private protected void RequireKnownUser(Fields fields, int index, string userId, string userFile)
    {
        if (UserIds.Contains(userId)) return;
        throw new DataFormatException(fields.File, fields.Line, fields.Name(index),
            $"user {Fields.Quote(userId)} is not in {userFile}", DataProblem.UnknownUser);
    }

    /// <summary>Distinct users of an event stream, in order of first appearance, without attributes.</summary>
    private protected static IEnumerable<User> DistinctUsers(IEnumerable<Event> events)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in events)
            if (seen.Add(e.UserId)) yield return User.Create(e.UserId);
    }

    private StringPool Collect(IEnumerable<string> ids)
    {
        var pool = new StringPool();
        foreach (var id in ids) pool.Intern(Ids.Intern(id));
        return pool;
    }
}
