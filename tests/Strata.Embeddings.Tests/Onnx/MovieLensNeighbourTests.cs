using Strata.Core;
using Strata.Core.Domain;
using Strata.Core.Vectors;
using Strata.Data;
using Strata.Embeddings.Text;

namespace Strata.Embeddings.Tests.Onnx;

/// <summary>Meaning, on real data: MiniLM vectors of MovieLens 100K "title. genres" put sequels next to each other.</summary>
[Collection(EncoderCollection.Name)]
public sealed class MovieLensNeighbourTests(EncoderFixture fixture)
{
    [Theory]
    [InlineData("Star Wars (1977)", "Empire Strikes Back, The (1980)")]
    [InlineData("Star Wars (1977)", "Return of the Jedi (1983)")]
    [InlineData("Godfather, The (1972)", "Godfather: Part II, The (1974)")]
    [InlineData("Alien (1979)", "Aliens (1986)")]
    [InlineData("Die Hard (1988)", "Die Hard 2 (1990)")]
    [InlineData("Batman (1989)", "Batman Returns (1992)")]
    [InlineData("Star Trek: The Wrath of Khan (1982)", "Star Trek III: The Search for Spock (1984)")]
    public async Task A_sequel_is_among_the_five_nearest_neighbours(string title, string expectedNeighbour)
    {
        var (items, vectors) = await Catalogue.Value;
        var neighbours = Nearest(items, vectors, title, 5);
        Assert.True(neighbours.Contains(expectedNeighbour), $"{title}: top 5 = {string.Join(" | ", neighbours)}");
    }

    private Lazy<Task<(Item[] Items, float[] Vectors)>> Catalogue => fixture.Shared("ml-100k catalogue", async () =>
    {
        var items = DatasetReaders.Open("movielens-100k", DataDirectory.Dataset("ml-100k")).ReadItems().ToArray();
        Assert.Equal(1682, items.Length);
        var vectors = await CatalogEmbedder.EmbedAsync(fixture.MiniLM, items, ItemTextTemplate.ForDataset("movielens-100k"));
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
