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

    /// <summary>Ids as <see cref="EventRules.IdProblem"/> accepts them (no control characters, no surrounding white space).</summary>
    public static readonly Gen<string> Id = Text.Where(s => EventRules.IdProblem(s) is null);

    /// <summary>Search and tag texts as <see cref="EventRules.TextProblem"/> accepts them.</summary>
    public static readonly Gen<string> EventText = Text.Where(s => !string.IsNullOrWhiteSpace(s) && EventRules.TextProblem(s) is null);

    public static readonly Gen<IReadOnlyDictionary<string, string>> Map =
        Gen.Select(Text, Text).Array[0, 5].Select(pairs =>
            (IReadOnlyDictionary<string, string>)pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2));

    public static readonly Gen<Item> Item =
        Gen.Select(Id, Text, Text.Array[0, 5], Text.Array[0, 4], Map, Map, Gen.Bool)
            .Select((id, title, categories, tags, text, attributes, flat) => new Item(id, title, categories, tags, text, attributes, flat));

    /// <summary>
    /// Events of any type that <see cref="EventRules"/> accepts: an item unless a search, a value where the type carries one,
    /// a text where it needs one, millisecond times between 1970 and 2023 (never ahead of the clock).
    /// </summary>
    public static readonly Gen<Event> Event =
        Gen.Select(Id, Id, Gen.Int[0, EventTypes.All.Count - 1], Gen.Long[0, 1_700_000_000_000L],
                Gen.Double[0, EventRules.MaxRating], Gen.Bool, EventText, Gen.Bool)
            .Select((user, item, type, ms, value, withValue, text, withText) =>
            {
                var eventType = (EventType)type;
                double? carried = eventType switch
                {
                    EventType.Rating => value,
                    EventType.Purchase when withValue => 1 + Math.Floor(value),
                    _ => null,
                };
                var needsText = eventType is EventType.Search or EventType.Tag;
                return new Event(user, eventType.RequiresItem() ? item : null, eventType,
                    DateTimeOffset.FromUnixTimeMilliseconds(ms), carried, needsText || withText ? text : null);
            });
}
