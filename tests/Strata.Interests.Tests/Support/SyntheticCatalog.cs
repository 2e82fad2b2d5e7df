using Strata.Core.Domain;
using Strata.Interests.Taxonomies;

namespace Strata.Interests.Tests.Support;

/// <summary>
/// A catalogue with a known answer: 4 themes × 3 topics × 20 items. Each item's text draws words from its theme's and
/// topic's vocabularies plus shared filler, and is embedded with <see cref="HashEmbeddingGenerator"/>; the planted theme and
/// topic of each item are kept to check the tree against.
/// </summary>
public sealed class SyntheticCatalog
{
    public const int Dimensions = 64;
    public static readonly string[][] ThemeWords =
    [
        ["football", "league", "striker", "goal", "stadium", "coach"],
        ["election", "senate", "vote", "policy", "minister", "campaign"],
        ["recipe", "kitchen", "baking", "flavor", "dinner", "spices"],
        ["galaxy", "planet", "rocket", "orbit", "telescope", "astronaut"],
    ];
    private static readonly string[] Filler = ["today", "report", "story", "latest", "people", "world", "big", "news"];

    public static SyntheticCatalog Instance { get; } = new();

    private SyntheticCatalog()
    {
        var generator = new HashEmbeddingGenerator(Dimensions);
        var random = new Random(7);
        var items = new List<Item>();
        var themes = new List<int>();
        var topics = new List<int>();
        for (int t = 0; t < ThemeWords.Length; t++)
        for (int s = 0; s < 3; s++)
        {
            var topicWords = Enumerable.Range(0, 5).Select(w => $"{ThemeWords[t][s]}{(char)('a' + w)}x").ToArray();
            for (int i = 0; i < 20; i++)
            {
                var words = new[]
                {
                    ThemeWords[t][random.Next(6)], ThemeWords[t][random.Next(6)], ThemeWords[t][s],
                    topicWords[random.Next(5)], topicWords[random.Next(5)], Filler[random.Next(Filler.Length)],
                };
                var title = string.Join(' ', words);
                items.Add(new Item($"i{items.Count}", title, [$"theme{t}", $"topic{t}.{s}"], [], Item.Empty, Item.Empty));
                themes.Add(t);
                topics.Add(t * 3 + s);
            }
        }
        Items = items;
        Theme = [.. themes];
        Topic = [.. topics];
        Vectors = new float[items.Count * Dimensions];
        for (int i = 0; i < items.Count; i++) generator.Embed(items[i].Title).CopyTo(Vectors.AsSpan(i * Dimensions));
        Generator = generator;
        Taxonomy = TaxonomyBuilder.Build(Vectors, Dimensions, Items, Options());
    }

    /// <summary>Bounds that fit a 240-item catalogue (the defaults are for real catalogues).</summary>
    public static TaxonomyOptions Options(int seed = 42) => new()
    {
        Seed = seed, MinMacroNodes = 2, MaxMacroNodes = 8, MinMesoPerMacro = 2, MaxMesoPerMacro = 5,
    };

    public IReadOnlyList<Item> Items { get; }
    public int[] Theme { get; }
    public int[] Topic { get; }
    public float[] Vectors { get; }
    public HashEmbeddingGenerator Generator { get; }
    public Taxonomy Taxonomy { get; }
}
