using Microsoft.Extensions.AI;
using Strata.Core.Vectors;
using Strata.Embeddings.Onnx;

namespace Strata.Embeddings.Tests.Onnx;

[Collection(EncoderCollection.Name)]
public sealed class OnnxSentenceEncoderTests(EncoderFixture fixture)
{
    private static readonly string[] PublishedSentences =
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."];

    [Fact]
    public async Task MiniLM_reproduces_the_published_sentence_transformers_similarities()
    {
        var vectors = await fixture.MiniLM.GenerateAsync(PublishedSentences);

        // https://sbert.net quickstart: tensor([[1.0000, 0.6660, 0.1046], [0.6660, 1.0000, 0.1411], [0.1046, 0.1411, 1.0000]])
        Assert.Equal(0.6660, Cosine(vectors[0], vectors[1]), 0.0005);
        Assert.Equal(0.1046, Cosine(vectors[0], vectors[2]), 0.0005);
        Assert.Equal(0.1411, Cosine(vectors[1], vectors[2]), 0.0005);
    }

    private static double Cosine(Embedding<float> a, Embedding<float> b) => VectorMath.Cosine(a.Vector.Span, b.Vector.Span);
}
