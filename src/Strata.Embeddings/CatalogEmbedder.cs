using Microsoft.Extensions.AI;
using Strata.Core.Domain;
using Strata.Core.Vectors;
using Strata.Embeddings.Text;

namespace Strata.Embeddings;

/// <summary>Embeds a whole catalogue (or a list of texts) into one contiguous row-major matrix of unit vectors.</summary>
public static class CatalogEmbedder
{
    /// <summary>Texts per call to the generator: large enough for the encoder to sort and batch well, small enough for steady progress.</summary>
    public const int ChunkSize = 512;

    /// <summary>
    /// Row i = unit vector of <c>template.Render(items[i])</c>; the result has <c>items.Count × d</c> floats where d is the
    /// generator's vector length (384 for the local models). <paramref name="progress"/> gets a report after each chunk.
    /// </summary>
    public static Task<float[]> EmbedAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IReadOnlyList<Item> items,
        ItemTextTemplate template,
        IProgress<EmbeddingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var texts = new string[items.Count];
        for (int i = 0; i < texts.Length; i++) texts[i] = template.Render(items[i]);
        return EmbedTextsAsync(generator, texts, progress, cancellationToken);
    }

    /// <summary>Row i = unit vector of <c>texts[i]</c>, row-major (<c>texts.Count × d</c>).</summary>
    public static async Task<float[]> EmbedTextsAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IReadOnlyList<string> texts,
        IProgress<EmbeddingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        float[] matrix = [];
        int dimensions = 0;
        progress?.Report(new EmbeddingProgress(0, texts.Count));
        for (int start = 0; start < texts.Count; start += ChunkSize)
        {
            int count = Math.Min(ChunkSize, texts.Count - start);
            var chunk = new string[count];
            for (int i = 0; i < count; i++) chunk[i] = texts[start + i];
            var vectors = await generator.GenerateAsync(chunk, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (vectors.Count != count)
                throw new InvalidOperationException($"The embedding generator returned {vectors.Count} vectors for {count} texts.");
            if (dimensions == 0)
            {
                dimensions = vectors[0].Vector.Length;
                matrix = new float[texts.Count * dimensions];
            }
            for (int i = 0; i < count; i++)
            {
                var vector = vectors[i].Vector.Span;
                if (vector.Length != dimensions)
                    throw new InvalidOperationException($"Text {start + i} got a vector of {vector.Length} dimensions; earlier ones had {dimensions}.");
                var row = VectorMath.Row(matrix, start + i, dimensions);
                vector.CopyTo(row);
                // Generators here already normalise; normalising again costs nothing and makes the promise hold for any generator.
                var norm = VectorMath.Normalize(row);
                if (!(norm > 0f) || !float.IsFinite(norm))
                    throw new InvalidOperationException($"Text {start + i} got a zero or non-finite vector.");
            }
            progress?.Report(new EmbeddingProgress(start + count, texts.Count));
        }
        return matrix;
    }
}
