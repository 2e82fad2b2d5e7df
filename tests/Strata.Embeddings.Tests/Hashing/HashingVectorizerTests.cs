using CsCheck;
using Strata.Embeddings.Hashing;

namespace Strata.Embeddings.Tests.Hashing;

public sealed class HashingVectorizerTests
{
    private static readonly HashingVectorizer Vectorizer = new(384);

    private static float[] Embed(string text)
    {
        var vector = new float[384];
        Vectorizer.Embed(text, vector);
        return vector;
    }

    private static float Cosine(string a, string b) => System.Numerics.Tensors.TensorPrimitives.Dot(Embed(a), Embed(b));

    [Fact]
    public void Vectors_are_unit_and_the_same_for_the_same_words_whatever_case_and_punctuation()
    {
        Gen.String[1, 60].Sample(text =>
        {
            var vector = Embed(text);
            var norm = System.Numerics.Tensors.TensorPrimitives.Norm(vector);
            Assert.True(norm == 0 || Math.Abs(norm - 1) < 1e-5, $"norm {norm}");
        });
        Assert.Equal(Embed("Red wool Scarf"), Embed("red, WOOL; scarf!"));
    }

    [Fact]
    public void Texts_sharing_words_are_closer_than_texts_sharing_none()
    {
        Assert.True(Cosine("red wool scarf", "blue wool scarf") > 0.5f);
        Assert.True(Math.Abs(Cosine("red wool scarf", "garden hose nozzle")) < 0.2f);
        Assert.Equal(1f, Cosine("wool scarf", "scarf wool"), 5);
    }

    [Fact]
    public void Known_values_do_not_drift_between_processes()
    {
        // "wool": FNV-1a 64 of its UTF-16 units, one SplitMix64 step, bits from the lowest (1 = +). Computed independently.
        var vector = Embed("WOOL");
        Assert.Equal("--++--+----+-+-+", string.Concat(vector.Take(16).Select(x => x > 0 ? '+' : '-')));
        Assert.All(vector, x => Assert.Equal(1 / MathF.Sqrt(384), Math.Abs(x), 5));
    }

    [Fact]
    public void A_text_without_words_is_the_zero_vector()
    {
        Assert.All(Embed(" ,.;!? "), x => Assert.Equal(0f, x));
    }
}

public sealed class HashingEmbeddingGeneratorTests
{
    [Fact]
    public async Task The_hashing_encoder_is_chosen_by_name_and_gives_the_vectorizers_vectors_in_order()
    {
        Assert.Contains("hashing", EmbeddingGeneratorFactory.ModelNames);
        using var generator = EmbeddingGeneratorFactory.Create("hashing", new EmbeddingOptions { VectorCachePath = "/nonexistent/never-used.db" });
        var embeddings = await generator.GenerateAsync(["red wool scarf", "blue cotton shirt"]);
        var vectorizer = new HashingVectorizer(384);
        var expected = new float[384];
        vectorizer.Embed("blue cotton shirt", expected);
        Assert.Equal(2, embeddings.Count);
        Assert.Equal(expected, embeddings[1].Vector.ToArray());
        Assert.Equal(384, (generator.GetService(typeof(Microsoft.Extensions.AI.EmbeddingGeneratorMetadata)) as Microsoft.Extensions.AI.EmbeddingGeneratorMetadata)?.DefaultModelDimensions);
    }
}
