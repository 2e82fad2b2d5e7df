using CsCheck;
using Strata.Core.Domain;

namespace Strata.Storage.Tests;

/// <summary>CsCheck generators for domain values, with strings over all of Unicode (including NUL), never lone surrogates.</summary>
public static class Generators
{
    /// <summary>Mostly ASCII (NUL, quotes, backslash and control characters included), some Latin-1, BMP and astral.</summary>
    public static readonly Gen<string> Text =
        Gen.Frequency(
                (6, Gen.Int[0, 0x7F]),
                (2, Gen.Int[0x80, 0xFF]),
                (1, Gen.Int[0x100, 0xFFFF].Where(c => c is < 0xD800 or > 0xDFFF)),
                (1, Gen.Int[0x10000, 0x10FFFF]))
            .Array[0, 12]
            .Select(codePoints => string.Concat(codePoints.Select(char.ConvertFromUtf32)));

    public static readonly Gen<string> Id = Text.Where(s => s.Length > 0);

    public static readonly Gen<IReadOnlyDictionary<string, string>> Map =
        Gen.Select(Text, Text).Array[0, 5].Select(pairs =>
            (IReadOnlyDictionary<string, string>)pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2));

    public static readonly Gen<Item> Item =
        Gen.Select(Id, Text, Text.Array[0, 5], Text.Array[0, 4], Map, Map, Gen.Bool)
            .Select((id, title, categories, tags, text, attributes, flat) => new Item(id, title, categories, tags, text, attributes, flat));

    /// <summary>Events of any type with a valid item (searches may have none), millisecond times, optional fields.</summary>
    public static readonly Gen<Event> Event =
        Gen.Select(Id, Id, Gen.Int[0, EventTypes.All.Count - 1], Gen.Long[-62_135_596_800_000L, 253_402_300_799_999L],
                Gen.Double[-1e6, 1e6].Nullable(), Text.Null(), Gen.Bool)
            .Select((user, item, type, ms, value, text, withoutItem) =>
            {
                var eventType = (EventType)type;
                return new Event(user, withoutItem && !eventType.RequiresItem() ? null : item, eventType,
                    DateTimeOffset.FromUnixTimeMilliseconds(ms), value, text);
            });
}
