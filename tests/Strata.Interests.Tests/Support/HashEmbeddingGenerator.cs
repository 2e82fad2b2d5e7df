using Microsoft.Extensions.AI;

namespace Strata.Interests.Tests.Support;

/// <summary>
/// Deterministic stand-in for a sentence encoder: a text's vector is the normalised sum of one fixed pseudo-random Gaussian
/// vector per word (seeded by an FNV hash of the word), so texts sharing words point the same way.
/// </summary>
public sealed class HashEmbeddingGenerator(int dimensions) : IEmbeddingGenerator<string, Embedding<float>>
{
    public int Dimensions => dimensions;

    public float[] Embed(string text)
    {
        var vector = new float[dimensions];
        foreach (var word in text.ToLowerInvariant().Split([' ', ',', '.', '(', ')', '|'], StringSplitOptions.RemoveEmptyEntries))
        {
            var random = new Random(Fnv(word));
            for (int d = 0; d < dimensions; d++)
                vector[d] += (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }
        Core.Vectors.VectorMath.Normalize(vector);
        return vector;
    }

    private static int Fnv(string word)
    {
        unchecked
        {
            uint hash = 2166136261;
            foreach (var c in word) hash = (hash ^ c) * 16777619;
            return (int)hash;
        }
    }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Select(v => new Embedding<float>(Embed(v)))));

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose() { }
}
