using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Strata.Interests.Taxonomies;

namespace Strata.Interests.Profiles;

/// <summary>
/// Cold start from words: a sentence ("space operas and 80s sci-fi") is embedded with the same encoder as the items and
/// soft-assigned to meso nodes, <c>P(m) = softmax(cos(q, c_m) / τ)</c>; a macro node's probability is the sum over its mesos, so
/// the levels agree (a macro centroid averages away the specific topic a sentence names). No events are needed.
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
        var mesoSimilarity = new float[taxonomy.MesoCount];
        Core.Vectors.VectorMath.DotAll(taxonomy.MesoCentroids, taxonomy.Dimensions, query, mesoSimilarity);
        var mesoProbability = new float[taxonomy.MesoCount];
        TensorPrimitives.Divide(mesoSimilarity, temperature, mesoProbability);
        TensorPrimitives.SoftMax(mesoProbability, mesoProbability);
        var macroSimilarity = new float[taxonomy.MacroCount];
        Core.Vectors.VectorMath.DotAll(taxonomy.MacroCentroids, taxonomy.Dimensions, query, macroSimilarity);
        var macroProbability = new float[taxonomy.MacroCount];
        for (int j = 0; j < taxonomy.MesoCount; j++) macroProbability[taxonomy.Nodes[taxonomy.MacroCount + j].ParentId] += mesoProbability[j];
        return new InterestSnapshot(null, 0, 0,
            Nodes(taxonomy, 0, macroSimilarity, macroProbability),
            Nodes(taxonomy, taxonomy.MacroCount, mesoSimilarity, mesoProbability));
    }

    private static List<NodeInterest> Nodes(Taxonomy taxonomy, int first, float[] similarity, float[] probability)
    {
        var nodes = new List<NodeInterest>(similarity.Length);
        for (int i = 0; i < similarity.Length; i++)
        {
            var node = taxonomy.Nodes[first + i];
            nodes.Add(new NodeInterest(node.Id, node.Level, node.ParentId, node.Label, similarity[i], similarity[i], probability[i], 0f, InterestTrend.Stable, 0, []));
        }
        nodes.Sort((a, b) => b.Probability != a.Probability ? b.Probability.CompareTo(a.Probability) : a.NodeId.CompareTo(b.NodeId));
        return nodes;
    }
}
