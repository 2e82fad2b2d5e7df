using Strata.Core.Domain;

namespace Strata.Interests.Taxonomies;

/// <summary>
/// Names nodes from the best evidence the catalogue has. First the dataset's own vocabulary — categories (genres, every
/// level of a category path) and item tags — ranked by how over-represented each value is in the node against the whole
/// catalogue: a value qualifies when at least <see cref="TaxonomyOptions.MinEvidenceShare"/> of the node's items carry it
/// and its lift <c>share(v, node) / share(v, catalogue)</c> is at least <see cref="TaxonomyOptions.MinEvidenceLift"/>,
/// and qualifying values are ordered by <c>share · ln(lift)</c>. Then class-based TF-IDF over the items' titles and text
/// fields (Grootendorst 2022, BERTopic): a word's weight in class c is <c>tf(t, c) · log(1 + A / f(t))</c>, with tf the
/// share of the class's items that contain it, f(t) its item count over all classes and A the mean class size; words of
/// ≥ 3 letters, stop words removed, each item counting a word once. A decade counts as evidence when items state a year.
/// A macro label joins its qualifying values, or its words when it has none. A meso label names what sets the node apart
/// from its siblings (values over-represented against its macro parent), else its values against the catalogue, else its
/// words; where two nodes of a level would share a label, further values and words are appended.
/// </summary>
internal static class NodeLabeler
{
    /// <summary>What a label is made of: per item the distinct evidence values and the distinct words, as ids into the vocabularies.</summary>
    public sealed record Vocabulary(int[][] ItemValues, IReadOnlyList<string> Values, int[][] ItemWords, IReadOnlyList<string> Words);

    /// <summary>A ranked label term with the share of the node's items that carry it.</summary>
    public readonly record struct Term(string Text, float Share);

    /// <summary>Reads every item once. Evidence values group case-insensitively and keep the first spelling seen.</summary>
    public static Vocabulary Read(IReadOnlyList<Item> items)
    {
        var valueIds = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var values = new List<string>();
        var wordIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var words = new List<string>();
        var itemValues = new int[items.Count][];
        var itemWords = new int[items.Count][];
        var seen = new HashSet<int>();
        foreach (var (index, item) in items.Index())
        {
            seen.Clear();
            foreach (var trimmed in ItemEvidence.Values(item))
            {
                if (!valueIds.TryGetValue(trimmed, out var id))
                {
                    id = values.Count;
                    valueIds.Add(trimmed, id);
                    values.Add(trimmed);
                }
                seen.Add(id);
            }
            itemValues[index] = [.. seen.Order()];

            seen.Clear();
            foreach (var word in Words(item.Title).Concat(item.Text.Values.SelectMany(Words)))
            {
                if (!wordIds.TryGetValue(word, out var id))
                {
                    id = words.Count;
                    wordIds.Add(word, id);
                    words.Add(word);
                }
                seen.Add(id);
            }
            itemWords[index] = [.. seen.Order()];
        }
        return new Vocabulary(itemValues, values, itemWords, words);
    }

    /// <summary>
    /// The evidence values over-represented in each class (<paramref name="classOf"/>[item] in 0..classes-1), best first:
    /// share ≥ <paramref name="minShare"/>, lift ≥ <paramref name="minLift"/>, at least two items. The lift compares the
    /// class with its base group (<paramref name="baseOf"/>[item]: all 0 for the whole catalogue, the macro node for a meso
    /// node's siblings).
    /// </summary>
    public static Term[][] Overrepresented(int[][] itemValues, IReadOnlyList<string> values, ReadOnlySpan<int> classOf, int classes,
        ReadOnlySpan<int> baseOf, int bases, float minShare, float minLift, int take)
    {
        var (counts, sizes, _, _) = Count(itemValues, values.Count, classOf, classes);
        var (baseCounts, baseSizes, _, _) = Count(itemValues, values.Count, baseOf, bases);
        var baseOfClass = new int[classes];
        for (int i = 0; i < classOf.Length; i++) if (classOf[i] >= 0) baseOfClass[classOf[i]] = baseOf[i];
        var result = new Term[classes][];
        for (int c = 0; c < classes; c++)
        {
            var size = Math.Max(1, sizes[c]);
            var b = baseOfClass[c];
            result[c] = counts[c]
                .Select(kv => (Id: kv.Key, Count: kv.Value, Share: (double)kv.Value / size))
                .Select(x => (x.Id, x.Count, x.Share, Lift: x.Share / ((double)baseCounts[b][x.Id] / baseSizes[b])))
                .Where(x => x.Count >= 2 && x.Share >= minShare && x.Lift >= minLift)
                .OrderByDescending(x => x.Share * Math.Log(x.Lift)).ThenBy(x => values[x.Id], StringComparer.Ordinal)
                .Take(take).Select(x => new Term(values[x.Id], (float)x.Share)).ToArray();
        }
        return result;
    }

    /// <summary>The <paramref name="take"/> most distinctive words of each class by c-TF-IDF, with the share of the class's items carrying each.</summary>
    public static Term[][] Distinctive(int[][] itemWords, IReadOnlyList<string> words, ReadOnlySpan<int> classOf, int classes, int take)
    {
        var (counts, sizes, totals, _) = Count(itemWords, words.Count, classOf, classes);
        double meanSize = 0;
        var nonEmpty = 0;
        for (int c = 0; c < classes; c++) if (sizes[c] > 0) { meanSize += sizes[c]; nonEmpty++; }
        meanSize /= Math.Max(1, nonEmpty);
        var result = new Term[classes][];
        for (int c = 0; c < classes; c++)
        {
            // A word carried by a single item says nothing about the class.
            var minimum = sizes[c] >= 6 ? 2 : 1;
            var size = sizes[c];
            result[c] = counts[c]
                .Where(kv => kv.Value >= minimum)
                .Select(kv => (Id: kv.Key, Count: kv.Value, Score: (double)kv.Value / size * Math.Log(1 + meanSize / totals[kv.Key])))
                .OrderByDescending(x => x.Score).ThenBy(x => words[x.Id], StringComparer.Ordinal)
                .Take(take).Select(x => new Term(words[x.Id], (float)x.Count / size)).ToArray();
        }
        return result;
    }

    /// <summary>
    /// One label per node of a level from candidate lists, best first: the label joins up to <paramref name="labelTerms"/> terms
    /// of the node's first non-empty list in <paramref name="sources"/>; when that label is already taken at this level, the
    /// node's other candidates (later lists) are appended one at a time until it is new, then a number. Word lists put words
    /// carried by at least <paramref name="minWordShare"/> of the node's items first.
    /// </summary>
    public static string[] Compose(IReadOnlyList<Term[][]> sources, int labelTerms, float minWordShare, string fallback)
    {
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var classes = sources[0].Length;
        var labels = new string[classes];
        for (int c = 0; c < classes; c++)
        {
            var lists = sources.Select(source => source[c].Where(t => t.Share >= minWordShare).Concat(source[c].Where(t => t.Share < minWordShare))
                .Select(t => t.Text).ToList()).ToList();
            var first = lists.FindIndex(list => list.Count > 0);
            var parts = first < 0 ? [] : lists[first].Take(labelTerms).ToList();
            var label = parts.Count == 0 ? $"{fallback} {c + 1}" : string.Join(" · ", parts);
            var spare = lists.Skip(first + 1).SelectMany(list => list)
                .Where(w => !parts.Any(p => p.Contains(w, StringComparison.OrdinalIgnoreCase) || w.Contains(p, StringComparison.OrdinalIgnoreCase)))
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            foreach (var extra in spare)
            {
                if (!used.Contains(label)) break;
                parts.Add(extra);
                label = string.Join(" · ", parts);
            }
            if (used.Contains(label)) label = $"{label} ({c + 1})";
            used.Add(label);
            labels[c] = label;
        }
        return labels;
    }

    private static (Dictionary<int, int>[] Counts, int[] Sizes, int[] Totals, int Items) Count(int[][] itemTerms, int vocabulary, ReadOnlySpan<int> classOf, int classes)
    {
        var counts = new Dictionary<int, int>[classes];
        for (int c = 0; c < classes; c++) counts[c] = [];
        var sizes = new int[classes];
        var totals = new int[vocabulary];
        var n = 0;
        for (int i = 0; i < itemTerms.Length; i++)
        {
            var c = classOf[i];
            if (c < 0) continue;
            sizes[c]++;
            n++;
            foreach (var t in itemTerms[i])
            {
                counts[c][t] = counts[c].GetValueOrDefault(t) + 1;
                totals[t]++;
            }
        }
        return (counts, sizes, totals, n);
    }

    private static IEnumerable<string> Words(string text)
    {
        int start = -1;
        for (int i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && char.IsLetter(text[i]);
            if (letter && start < 0) start = i;
            else if (!letter && start >= 0)
            {
                if (i - start >= 3)
                {
                    var word = text[start..i].ToLowerInvariant();
                    if (!StopWords.English.Contains(word)) yield return word;
                }
                start = -1;
            }
        }
    }
}
