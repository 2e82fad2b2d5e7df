using CsCheck;
using Strata.Core.Domain;
using Strata.Data.Generic;

namespace Strata.Data.Tests.Generic;

/// <summary>Whatever the writer writes, the reader reads back equal: items, users and events (JSON Lines and CSV).</summary>
public sealed class GenericFormatRoundTripTests
{
    /// <summary>Text fragments that stress the syntaxes: separators, quotes, escapes, line breaks, HTML, non-ASCII, surrogate pairs.</summary>
    private static readonly string[] Fragments =
        ["a", "Zz", "0", " ", ",", "\"", "'", "\\", "\n", "\t", "é", "中文", "😀", "<b>", "&amp;", "{\"x\":1}", "::", ";"];

    private static Gen<string> Text(string[] fragments, int min = 0) =>
        Gen.Int[0, fragments.Length - 1].Array[min, 6].Select(picks => string.Concat(picks.Select(i => fragments[i])));

    /// <summary>Values the CSV variant can carry: no '|' (list separator), non-empty, no CR (line ends are normalised).</summary>
    private static readonly string[] CsvFragments = Fragments.Where(f => !f.Contains('|')).ToArray();

    private static Gen<(List<Item> Items, List<User> Users, List<Event> Events)> Dataset(bool csv)
    {
        var text = csv ? Text(CsvFragments, min: 1) : Text(Fragments);
        var name = Text(csv ? CsvFragments : Fragments, min: csv ? 1 : 0);
        var key = Gen.Int[0, 5].Select(i => "k" + i);
        var map = Gen.Select(key, text).Array[0, 3]
            .Select(pairs => (IReadOnlyDictionary<string, string>)pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2));
        var item = Gen.Select(name, name.Array[0, 4], name.Array[0, 3], map, map, Gen.Bool)
            .Select((title, categories, tags, textFields, attributes, flat) => (title, categories, tags, textFields, attributes, flat));
        var user = map;
        // Times the rules accept: from 1970 to 2023 (never ahead of the clock).
        var time = Gen.Long[0, 1_700_000_000L * TimeSpan.TicksPerSecond].Select(Gen.Int[-14 * 4, 14 * 4],
            (ticks, quarterHours) => new DateTimeOffset(DateTime.UnixEpoch.Ticks + ticks, TimeSpan.Zero)
                .ToOffset(TimeSpan.FromMinutes(15 * quarterHours)));
        var value = Gen.Double[0, EventRules.MaxRating];
        var eventShape = Gen.Select(Gen.Enum<EventType>(), Gen.Int.NonNegative, Gen.Int.NonNegative, time, value, text, Gen.Bool, Gen.Bool);
        return Gen.Select(item.Array[1, 8], user.Array[1, 5], eventShape.Array[0, 20]).Select((itemShapes, userShapes, eventShapes) =>
        {
            var items = itemShapes.Select((s, i) => new Item($"item-{i}", s.title, s.categories, s.tags, s.textFields,
                s.attributes, s.flat)).ToList(); // attribute keys k0…k5 never collide with the fixed CSV columns
            var users = userShapes.Select((attributes, i) => new User($"u{i}", attributes)).ToList();
            var events = eventShapes.Select(s =>
            {
                var (type, userPick, itemPick, at, number, words, withValue, withKey) = s;
                var needsText = type is EventType.Search or EventType.Tag;
                return new Event(users[userPick % users.Count].Id, type == EventType.Search ? null : items[itemPick % items.Count].Id,
                    type, at, type == EventType.Rating ? number : type == EventType.Purchase && withValue ? 1 + Math.Floor(number) : null,
                    needsText ? "q" + words : withKey ? words : null, withKey ? $"key-{userPick}" : null);
            }).ToList();
            return (items, users, events);
        });
    }

    [Fact]
    public void Jsonl_round_trip_reads_back_what_was_written()
    {
        Dataset(csv: false).Sample(data => AssertRoundTrip(data, csv: false), iter: 150);
    }

    [Fact]
    public void Csv_round_trip_reads_back_what_was_written()
    {
        Dataset(csv: true).Sample(data => AssertRoundTrip(data, csv: true), iter: 150);
    }

    private static void AssertRoundTrip((List<Item> Items, List<User> Users, List<Event> Events) data, bool csv)
    {
        using var folder = new TempFolder();
        if (csv) GenericFormatWriter.WriteCsv(folder.Path, data.Items, data.Events, data.Users);
        else GenericFormatWriter.WriteJsonl(folder.Path, data.Items, data.Events, data.Users);
        var reader = DatasetReaders.Open("jsonl", folder.Path);
        Assert.Equal(data.Items, reader.ReadItems().ToList());
        Assert.Equal(data.Users, reader.ReadUsers().ToList());
        Assert.Equal(data.Events, reader.ReadEvents().ToList());
        Assert.True(reader.Report.IsClean);
    }
}
