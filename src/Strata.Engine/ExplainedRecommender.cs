using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Core.Vectors;
using Strata.Interests.Taxonomies;
using Strata.Recommend;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Content;
using Strata.Recommend.Diversity;
using Strata.Recommend.Explanations;
using Strata.Recommend.Fusion;
using Strata.Interests.Profiles;

namespace Strata.Engine;

/// <summary>
/// A fitted model as every host serves it: Strata's <see cref="RecommendationPipeline"/> (model → unseen and excluded
/// items dropped → diversity across the learned interests → explanation by interest path and the user's own events) over
/// the store's taxonomy, with the profiles' event weights and half-life. Immutable and thread-safe: per request it reads
/// only the history it is given.
/// </summary>
public sealed class ExplainedRecommender
{
    private readonly RecommendationPipeline _pipeline;
    private readonly TextQueryRanker? _textRanker;
    private readonly float[] _itemVectors;
    private readonly int _dimensions;

    private ExplainedRecommender(RecommendationPipeline pipeline, TextQueryRanker? textRanker, float[] itemVectors, int dimensions)
    {
        _pipeline = pipeline;
        _textRanker = textRanker;
        _itemVectors = itemVectors;
        _dimensions = dimensions;
    }

    public int ItemCount => _pipeline.Paths.ItemCount;

    /// <summary>Name of the fitted model (e.g. <c>strata</c>).</summary>
    public string ModelName => _pipeline.Model.Name;

    public InterestPaths Paths => _pipeline.Paths;

    /// <summary>The fitted model (what <see cref="SavedModels"/> writes).</summary>
    public IRecommender Model => _pipeline.Model;

    /// <summary>Serves a fitted model (fitted now, or read back from a saved file); <paramref name="textRanker"/> ranks free-text queries (cosine alone when null).</summary>
    public static ExplainedRecommender Serve(IRecommender model, Taxonomy taxonomy, float[] vectors, int dimensions, EngineOptions options,
        TextQueryRanker? textRanker = null)
    {
        // Explanations name the history events that carry an item: the collaborative backbone's per-item terms.
        var contributions = model switch
        {
            StrataModel strata => strata.Contributions,
            IItemContributions itemContributions => itemContributions,
            _ => null,
        };
        var pipeline = new RecommendationPipeline(model, PathsOf(taxonomy), contributions, vectors, dimensions,
            new EventWeights(options.EventWeights), options.Interests);
        return new ExplainedRecommender(pipeline, textRanker, vectors, dimensions);
    }

    /// <summary>
    /// Explained top-n for a history (a stored user's, or a session's), never an item of <paramref name="exclude"/> nor,
    /// unless <paramref name="excludeHistory"/> is false, of the history.
    /// </summary>
    public Recommendation[] Recommend(UserHistory history, int n, float diversity, ReadOnlySpan<int> exclude, bool excludeHistory = true) =>
        _pipeline.Recommend(history, n, new DiversityOptions { Strength = diversity }, exclude, excludeHistory);

    /// <inheritdoc cref="Recommend(UserHistory, int, float, ReadOnlySpan{int})"/>
    public Recommendation[] Recommend(UserHistory history, int n, DiversityOptions diversity, ReadOnlySpan<int> exclude) =>
        _pipeline.Recommend(history, n, diversity, exclude);

    /// <summary>
    /// Cold start from a unit query vector (embedded text): items ranked by what the sentence means (<see cref="TextQueryRanker"/>:
    /// the item, its interest node and its catalogue values against the query, and popularity), diversified across the
    /// interests the query matches (<paramref name="mesoProbability"/>, one entry per meso node), explained by path only.
    /// </summary>
    public Recommendation[] RecommendForQuery(ReadOnlySpan<float> query, ReadOnlySpan<float> mesoProbability, int n, float diversity, ReadOnlySpan<bool> excluded)
    {
        var scores = new float[ItemCount];
        if (_textRanker is not null) _textRanker.Score(query, scores);
        else VectorMath.DotAll(_itemVectors, _dimensions, query, scores);
        var poolSize = Math.Min(ItemCount, diversity > 0 ? n * new DiversityOptions().PoolFactor : n);
        var pool = new int[poolSize];
        var found = TopK.Select(scores, pool, excluded);
        var chosen = diversity > 0
            ? InterestAllocation.Select(pool[..found], Paths.MesoOf, mesoProbability, Math.Min(n, found), diversity)
            : pool[..Math.Min(n, found)];
        var result = new Recommendation[chosen.Length];
        for (int r = 0; r < chosen.Length; r++)
        {
            var item = chosen[r];
            var meso = Paths.MesoOf(item);
            result[r] = new Recommendation(item, scores[item], new Explanation(Paths.MacroLabel(Paths.MacroOfMeso(meso)), Paths.MesoLabel(meso), []));
        }
        return result;
    }

    /// <summary>The taxonomy as the pipeline's two-level interest structure (meso group j = taxonomy node MacroCount + j).</summary>
    private static InterestPaths PathsOf(Taxonomy taxonomy)
    {
        var macroLabels = new string[taxonomy.MacroCount];
        var mesoLabels = new string[taxonomy.MesoCount];
        var mesoMacro = new int[taxonomy.MesoCount];
        for (int m = 0; m < taxonomy.MacroCount; m++) macroLabels[m] = taxonomy.Nodes[m].Label;
        for (int j = 0; j < taxonomy.MesoCount; j++)
        {
            var node = taxonomy.Nodes[taxonomy.MacroCount + j];
            mesoLabels[j] = node.Label;
            mesoMacro[j] = node.ParentId;
        }
        var itemMeso = new int[taxonomy.Items.Count];
        for (int i = 0; i < itemMeso.Length; i++) itemMeso[i] = taxonomy.ItemMeso[i] - taxonomy.MacroCount;
        return new InterestPaths(macroLabels, mesoLabels, mesoMacro, itemMeso);
    }
}
