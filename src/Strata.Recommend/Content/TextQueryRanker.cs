using Microsoft.Extensions.AI;
using Strata.Core.Domain;
using Strata.Core.Vectors;
using Strata.Interests.Taxonomies;

namespace Strata.Recommend.Content;

/// <summary>
/// Text cold start that ranks what a sentence means rather than what its words spell. Pure cosine between the sentence
/// and each item's text puts "Space Jam" first for "space operas and 80s sci-fi": one shared word outweighs the genre. Here
/// each item's score adds three kinds of evidence to its own similarity (weights in <see cref="TextQueryOptions"/>):
/// the similarity of its meso node's centroid (the neighbourhood an item sits in is about one thing), how well the
/// sentence matches the item's catalogue values — categories, tags and decade, embedded once with the same encoder, each
/// value's relevance <c>r_v = max(0, 1 − (best − cos(q, u_v)) / margin)</c>, an item taking its best value's — and a small
/// popularity prior, so a well-known item wins a near tie. Scores are for unit query vectors from the item encoder.
/// </summary>
public sealed class TextQueryRanker
{
    private readonly TextQueryOptions _options;
    private readonly float[] _itemVectors;
    private readonly int _dimensions;
    private readonly int[] _itemMeso;
    private readonly float[] _mesoCentroids;
    private readonly float[] _valueVectors;
    private readonly int[] _valueOffsets;
    private readonly int[] _values;
    private readonly float[] _popularity;

    private TextQueryRanker(TextQueryOptions options, float[] itemVectors, int dimensions, int[] itemMeso, float[] mesoCentroids,
        float[] valueVectors, int[] valueOffsets, int[] values, float[] popularity)
    {
        _options = options;
        _itemVectors = itemVectors;
        _dimensions = dimensions;
        _itemMeso = itemMeso;
        _mesoCentroids = mesoCentroids;
        _valueVectors = valueVectors;
        _valueOffsets = valueOffsets;
        _values = values;
        _popularity = popularity;
    }

    /// <summary>Number of items ranked.</summary>
    public int ItemCount => _itemMeso.Length;

    /// <summary>
    /// Prepares the ranker: embeds the catalogue's distinct values (<see cref="ItemEvidence.Values"/>) with
    /// <paramref name="generator"/> (the item encoder) and scales popularity. <paramref name="items"/>, the rows of
    /// <paramref name="itemVectors"/> and <paramref name="interactions"/> share item order, which is
    /// <paramref name="taxonomy"/>'s item order.
    /// </summary>
    public static async Task<TextQueryRanker> CreateAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<Item> items,
        float[] itemVectors, int dimensions, Taxonomy taxonomy, ReadOnlyMemory<int> interactions, TextQueryOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new TextQueryOptions();
        if (itemVectors.Length != items.Count * dimensions) throw new ArgumentException($"Expected {items.Count} × {dimensions} floats.", nameof(itemVectors));
        if (taxonomy.Items.Count != items.Count || taxonomy.Dimensions != dimensions)
            throw new ArgumentException("The taxonomy was built on another catalogue or encoder.", nameof(taxonomy));
        if (interactions.Length != items.Count) throw new ArgumentException($"Expected {items.Count} interaction counts.", nameof(interactions));

        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>();
        var offsets = new int[items.Count + 1];
        var values = new List<int>();
        for (int i = 0; i < items.Count; i++)
        {
            foreach (var value in ItemEvidence.Values(items[i]).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (!ids.TryGetValue(value, out var id))
                {
                    id = names.Count;
                    ids.Add(value, id);
                    names.Add(value);
                }
                values.Add(id);
            }
            offsets[i + 1] = values.Count;
        }
        var valueVectors = names.Count == 0 ? [] : await Embed(generator, names, dimensions, cancellationToken).ConfigureAwait(false);

        var itemMeso = new int[items.Count];
        for (int i = 0; i < itemMeso.Length; i++) itemMeso[i] = taxonomy.ItemMeso[i] - taxonomy.MacroCount;
        var counts = interactions.Span;
        var most = 0;
        foreach (var c in counts) most = Math.Max(most, c);
        var popularity = new float[items.Count];
        for (int i = 0; i < popularity.Length; i++) popularity[i] = most == 0 ? 0f : MathF.Log(1 + Math.Max(0, counts[i])) / MathF.Log(1 + most);
        return new TextQueryRanker(options, itemVectors, dimensions, itemMeso, taxonomy.MesoCentroids, valueVectors, offsets, [.. values], popularity);
    }

    private static async Task<float[]> Embed(IEmbeddingGenerator<string, Embedding<float>> generator, List<string> texts, int dimensions, CancellationToken cancellationToken)
    {
        var embeddings = await generator.GenerateAsync(texts, cancellationToken: cancellationToken).ConfigureAwait(false);
        var vectors = new float[texts.Count * dimensions];
        for (int v = 0; v < texts.Count; v++)
        {
            var span = embeddings[v].Vector.Span;
            if (span.Length != dimensions) throw new ArgumentException($"The encoder gave {span.Length} dimensions; the items have {dimensions}.", nameof(generator));
            span.CopyTo(vectors.AsSpan(v * dimensions, dimensions));
            VectorMath.Normalize(vectors.AsSpan(v * dimensions, dimensions));
        }
        return vectors;
    }

    /// <summary>Every item's score for the unit query vector <paramref name="query"/>, into <paramref name="scores"/> (one per item).</summary>
    public void Score(ReadOnlySpan<float> query, Span<float> scores)
    {
        if (query.Length != _dimensions) throw new ArgumentException($"Expected {_dimensions} dimensions.", nameof(query));
        if (scores.Length != ItemCount) throw new ArgumentException($"Expected {ItemCount} scores.", nameof(scores));
        VectorMath.DotAll(_itemVectors, _dimensions, query, scores);

        var node = new float[_mesoCentroids.Length / _dimensions];
        VectorMath.DotAll(_mesoCentroids, _dimensions, query, node);

        var relevance = new float[_valueVectors.Length / _dimensions];
        if (relevance.Length > 0)
        {
            VectorMath.DotAll(_valueVectors, _dimensions, query, relevance);
            var best = float.NegativeInfinity;
            foreach (var r in relevance) best = Math.Max(best, r);
            for (int v = 0; v < relevance.Length; v++) relevance[v] = Math.Max(0f, 1f - (best - relevance[v]) / _options.ValueMargin);
        }

        for (int i = 0; i < scores.Length; i++)
        {
            float value = 0f;
            for (int k = _valueOffsets[i]; k < _valueOffsets[i + 1]; k++) value = Math.Max(value, relevance[_values[k]]);
            scores[i] = _options.ItemWeight * scores[i] + _options.NodeWeight * node[_itemMeso[i]]
                + _options.ValueWeight * value + _options.PopularityWeight * _popularity[i];
        }
    }

    /// <summary>The <paramref name="n"/> best items for the query, best first, skipping <paramref name="excluded"/> (one flag per item, or empty).</summary>
    public ScoredItem[] Rank(ReadOnlySpan<float> query, int n, ReadOnlySpan<bool> excluded = default)
    {
        var scores = new float[ItemCount];
        Score(query, scores);
        var top = new int[Math.Min(n, ItemCount)];
        var found = TopK.Select(scores, top, excluded);
        var result = new ScoredItem[found];
        for (int r = 0; r < found; r++) result[r] = new ScoredItem(top[r], scores[top[r]]);
        return result;
    }
}
