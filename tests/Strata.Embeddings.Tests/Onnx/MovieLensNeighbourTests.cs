using Strata.Core;
using Strata.Core.Domain;
using Strata.Core.Vectors;
using Strata.Data;
using Strata.Embeddings.Text;

namespace Strata.Embeddings.Tests.Onnx;

/// <summary>
/// Meaning, on real data: MiniLM vectors of MovieLens 100K "title. genres" put sequels next to each other — with float
/// weights and with int8 weights alike.
/// </summary>
[Collection(EncoderCollection.Name)]
public sealed class MovieLensNeighbourTests(EncoderFixture fixture)
{
    private static readonly (string Title, string Neighbour)[] Sequels =
    [
        ("Star Wars (1977)", "Empire Strikes Back, The (1980)"),
        ("Star Wars (1977)", "Return of the Jedi (1983)"),
        ("Godfather, The (1972)", "Godfather: Part II, The (1974)"),
        ("Alien (1979)", "Aliens (1986)"),
        ("Die Hard (1988)", "Die Hard 2 (1990)"),
        ("Batman (1989)", "Batman Returns (1992)"),
        ("Star Trek: The Wrath of Khan (1982)", "Star Trek III: The Search for Spock (1984)"),
    ];

    public static TheoryData<string, string, string> SequelsByModel()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var model in new[] { "minilm", "minilm-int8" })
            foreach (var (title, neighbour) in Sequels) data.Add(model, title, neighbour);
        return data;
    }

    [Theory]
    [MemberData(nameof(SequelsByModel))]
    public async Task A_sequel_is_among_the_five_nearest_neighbours(string model, string title, string expectedNeighbour)
    {
        var (items, vectors) = await Catalogue(fixture, model).Value;
        var neighbours = Nearest(items, vectors, title, 5);
        Assert.True(neighbours.Contains(expectedNeighbour), $"{model}, {title}: top 5 = {string.Join(" | ", neighbours)}");
    }

    /// <summary>ml-100k's 1,682 items read with Strata.Data and embedded once per test run by the fixture encoder <paramref name="model"/>, row-major × 384.</summary>
    internal static Lazy<Task<(Item[] Items, float[] Vectors)>> Catalogue(EncoderFixture fixture, string model) => fixture.Shared($"ml-100k catalogue {model}", async () =>
    {
        var items = DatasetReaders.Open("movielens-100k", DataDirectory.Dataset("ml-100k")).ReadItems().ToArray();
        Assert.Equal(1682, items.Length);
        var vectors = await CatalogEmbedder.EmbedAsync(fixture.Encoder(model), items, ItemTextTemplate.ForDataset("movielens-100k"));
        return (items, vectors);
    });

    private static string[] Nearest(Item[] items, float[] vectors, string title, int k)
    {
        const int dimensions = 384;
        int query = Array.FindIndex(items, item => item.Title == title);
        Assert.True(query >= 0, $"'{title}' is not in u.item");
        var scores = new float[items.Length];
        VectorMath.DotAll(vectors, dimensions, VectorMath.Row(vectors, query, dimensions), scores);
        scores[query] = float.NegativeInfinity;
        return Enumerable.Range(0, items.Length).OrderByDescending(i => scores[i]).Take(k).Select(i => items[i].Title).ToArray();
    }
}
