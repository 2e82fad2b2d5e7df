namespace Strata.Interests.Taxonomies;

/// <summary>
/// Class-based TF-IDF (Grootendorst 2022, BERTopic): a term's weight in class c is <c>tf(t, c) · log(1 + A / f(t))</c>,
/// with tf the share of the class's items that contain the term, f(t) the term's item count over all classes and A the
/// mean number of items per class. Terms are lower-cased words of ≥ 3 letters from titles, text fields, tags and categories,
/// stop words removed; each item counts a term once so one long text cannot dominate a node.
/// </summary>
internal static class NodeLabeler
{
    /// <summary>Tokenises every item once: the distinct label terms of each item, as term ids into <paramref name="vocabulary"/>.</summary>
    public static int[][] Tokenise(IReadOnlyList<Core.Domain.Item> items, out List<string> vocabulary)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var terms = new List<string>();
        vocabulary = terms;
        var result = new int[items.Count][];
        var seen = new HashSet<int>();
        foreach (var (index, item) in items.Index())
        {
            seen.Clear();
            void Add(string text)
            {
                foreach (var term in Words(text))
                {
                    if (!ids.TryGetValue(term, out var id))
                    {
                        id = ids.Count;
                        ids.Add(term, id);
                        terms.Add(term);
                    }
                    seen.Add(id);
                }
            }
            Add(item.Title);
            foreach (var text in item.Text.Values) Add(text);
            foreach (var tag in item.Tags) Add(tag);
            foreach (var category in item.Categories) Add(category);
            result[index] = [.. seen.Order()];
        }
        return result;
    }

    /// <summary>
    /// Labels for one level: <paramref name="labelTerms"/> terms, those carried by at least <paramref name="minShare"/> of the node's
    /// items first (rarer terms are distinctive but unrepresentative), made unique within the level by trying later terms.
    /// </summary>
    public static string[] UniqueLabels((string Term, float Share)[][] terms, int labelTerms, float minShare, string fallback)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var labels = new string[terms.Length];
        for (int c = 0; c < terms.Length; c++)
        {
            // Representative terms first, then the most distinctive rarer ones to fill the label.
            var common = terms[c].Where(t => t.Share >= minShare).Concat(terms[c].Where(t => t.Share < minShare)).Select(t => t.Term).ToList();
            var label = common.Count == 0 ? $"{fallback} {c + 1}" : string.Join(" · ", common.Take(labelTerms));
            // Swap the last label term for later candidates until the label is new at this level.
            for (int next = labelTerms; used.Contains(label) && next < common.Count; next++)
                label = string.Join(" · ", common.Take(labelTerms - 1).Append(common[next]));
            if (used.Contains(label)) label = $"{label} ({c + 1})";
            used.Add(label);
            labels[c] = label;
        }
        return labels;
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

    /// <summary>
    /// The <paramref name="termsPerClass"/> most distinctive terms of each class (<paramref name="classOf"/>[item] in 0..classes-1),
    /// with the share of the class's items that carry each term.
    /// </summary>
    public static (string Term, float Share)[][] Label(int[][] itemTerms, IReadOnlyList<string> vocabulary, ReadOnlySpan<int> classOf, int classes, int termsPerClass)
    {
        var counts = new Dictionary<int, int>[classes];
        for (int c = 0; c < classes; c++) counts[c] = [];
        var sizes = new int[classes];
        var termTotals = new int[vocabulary.Count];
        for (int i = 0; i < itemTerms.Length; i++)
        {
            var c = classOf[i];
            if (c < 0) continue;
            sizes[c]++;
            foreach (var t in itemTerms[i])
            {
                counts[c][t] = counts[c].GetValueOrDefault(t) + 1;
                termTotals[t]++;
            }
        }
        double meanSize = 0;
        var nonEmpty = 0;
        for (int c = 0; c < classes; c++) if (sizes[c] > 0) { meanSize += sizes[c]; nonEmpty++; }
        meanSize /= Math.Max(1, nonEmpty);
        var labels = new (string, float)[classes][];
        for (int c = 0; c < classes; c++)
        {
            // A term carried by a single item says nothing about the class.
            var minimum = sizes[c] >= 6 ? 2 : 1;
            labels[c] = counts[c]
                .Where(kv => kv.Value >= minimum)
                .Select(kv => (Id: kv.Key, Term: vocabulary[kv.Key], Score: (double)kv.Value / sizes[c] * Math.Log(1 + meanSize / termTotals[kv.Key])))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Term, StringComparer.Ordinal)
                .Take(termsPerClass).Select(x => (x.Term, (float)counts[c][x.Id] / sizes[c])).ToArray();
        }
        return labels;
    }
}
