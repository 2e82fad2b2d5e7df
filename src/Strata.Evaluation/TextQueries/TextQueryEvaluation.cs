using Strata.Core.Domain;
using Strata.Core.Vectors;
using Strata.Recommend;
using Strata.Recommend.Diversity;

namespace Strata.Evaluation.TextQueries;

/// <summary>Genre precision of text cold start: of the top k items for a written query, the share that answer it.</summary>
public static class TextQueryEvaluation
{
    /// <summary>The share of <paramref name="ranked"/> (item indices into <paramref name="catalog"/>) whose categories answer <paramref name="query"/>.</summary>
    public static double GenrePrecision(IReadOnlyList<Item> catalog, ReadOnlySpan<int> ranked, TextQuery query)
    {
        if (ranked.IsEmpty) return 0;
        var hits = 0;
        foreach (var item in ranked) if (query.Matches(catalog[item].Categories)) hits++;
        return (double)hits / ranked.Length;
    }

    /// <summary>
    /// The ranking <c>POST /recommendations/text</c> serves before TextQueryRanker, for comparison: items by cosine to the
    /// query, then spread over the interests the query matches (<paramref name="mesoProbability"/> per meso group, the
    /// server's TextProfile softmax) with <paramref name="diversity"/> (the endpoint's default is 0.3).
    /// </summary>
    public static int[] CosineRanking(float[] itemVectors, int dimensions, ReadOnlySpan<float> query, Func<int, int> mesoOf,
        ReadOnlySpan<float> mesoProbability, int n, float diversity)
    {
        var scores = new float[itemVectors.Length / dimensions];
        VectorMath.DotAll(itemVectors, dimensions, query, scores);
        return Diversify(scores, mesoOf, mesoProbability, n, diversity);
    }

    /// <summary>The server's last step on any score vector: top candidates, then <see cref="InterestAllocation"/> when <paramref name="diversity"/> &gt; 0.</summary>
    public static int[] Diversify(ReadOnlySpan<float> scores, Func<int, int> mesoOf, ReadOnlySpan<float> mesoProbability, int n, float diversity)
    {
        var pool = new int[Math.Min(scores.Length, diversity > 0 ? n * new DiversityOptions().PoolFactor : n)];
        var found = TopK.Select(scores, pool);
        return diversity > 0
            ? InterestAllocation.Select(pool[..found], mesoOf, mesoProbability, Math.Min(n, found), diversity)
            : pool[..Math.Min(n, found)];
    }
}
