using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Strata.Interests.Taxonomies;

namespace Strata.Interests.Profiles;

/// <summary>
/// Cold start from words: a sentence ("space operas and 80s sci-fi") is embedded with the same encoder as the items and
/// soft-assigned to nodes, <c>P(h | level) = softmax(cos(q, c_h) / τ)</c> over each level. No events are needed.
/// </summary>
public static class TextProfile
{
    /// <summary>Default softmax temperature: cosine gaps between sentence-model centroids are small, so a low τ sharpens them.</summary>
    public const float DefaultTemperature = 0.05f;

    /// <summary>Embeds <paramref name="text"/> and soft-assigns it to the taxonomy.</summary>
    public static async Task<InterestSnapshot> FromTextAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator, Taxonomy taxonomy, string text,
        float temperature = DefaultTemperature, CancellationToken cancellationToken = default)
    {
        var embeddings = await generator.GenerateAsync([text], cancellationToken: cancellationToken).ConfigureAwait(false);
        var vector = embeddings[0].Vector.ToArray();
        Core.Vectors.VectorMath.Normalize(vector);
        return FromVector(taxonomy, vector, temperature);
    }

    /// <summary>
    /// Soft-assigns a unit query vector: strengths are cosine similarities, probabilities their softmax per level.
    /// </summary>
    public static InterestSnapshot FromVector(Taxonomy taxonomy, ReadOnlySpan<float> query, float temperature = DefaultTemperature)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(temperature, 0f);
        if (query.Length != taxonomy.Dimensions) throw new ArgumentException($"Expected {taxonomy.Dimensions} dimensions.", nameof(query));
        return new InterestSnapshot(null, 0, 0,
            Assign(taxonomy, taxonomy.MacroCentroids, 0, taxonomy.MacroCount, query, temperature),
            Assign(taxonomy, taxonomy.MesoCentroids, taxonomy.MacroCount, taxonomy.MesoCount, query, temperature));
    }

    private static List<NodeInterest> Assign(Taxonomy taxonomy, float[] centroids, int first, int count, ReadOnlySpan<float> query, float temperature)
    {
        var similarity = new float[count];
        Core.Vectors.VectorMath.DotAll(centroids, taxonomy.Dimensions, query, similarity);
        var probability = new float[count];
        TensorPrimitives.Divide(similarity, temperature, probability);
        TensorPrimitives.SoftMax(probability, probability);
        var nodes = new List<NodeInterest>(count);
        for (int i = 0; i < count; i++)
        {
            var node = taxonomy.Nodes[first + i];
            nodes.Add(new NodeInterest(node.Id, node.Level, node.ParentId, node.Label, similarity[i], similarity[i], probability[i], 0f, InterestTrend.Stable, 0, []));
        }
        nodes.Sort((a, b) => b.Probability != a.Probability ? b.Probability.CompareTo(a.Probability) : a.NodeId.CompareTo(b.NodeId));
        return nodes;
    }
}
