using System.Numerics.Tensors;
using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Recommend;
using Strata.Recommend.Collaborative;

namespace Strata.Server.Serving;

/// <summary>
/// The fitted recommendation model the server serves: a recommender's scores for the user's history (EASE by default,
/// any <see cref="IRecommenderTrainer"/> through the seam) fused with the user's interest distribution over the taxonomy,
/// then spread across interests by the diversity knob.
/// Immutable and thread-safe; per-request inputs are the user's live history and profile.
/// </summary>
internal sealed class ServingEngine
{
    private readonly IRecommender _model;
    private readonly float[] _popularity;
    private readonly Taxonomy _taxonomy;
    private readonly float _interestWeight;
    private readonly float[] _itemVectors;
    private readonly int _dimensions;

    private ServingEngine(IRecommender model, float[] popularity, Taxonomy taxonomy, float interestWeight, float[] itemVectors, int dimensions)
    {
        _itemVectors = itemVectors;
        _dimensions = dimensions;
        _model = model;
        _popularity = popularity;
        _taxonomy = taxonomy;
        _interestWeight = interestWeight;
    }

    public int ItemCount => _popularity.Length;

    /// <summary>Name of the fitted model (e.g. <c>ease</c>).</summary>
    public string ModelName => _model.Name;

    /// <summary>Accepted values of <see cref="ServingOptions.Model"/>.</summary>
    public static IReadOnlyList<string> ModelNames { get; } = ["ease", "itemknn", "pop"];

    private static IRecommenderTrainer Trainer(ServingOptions options) => options.Model.ToLowerInvariant() switch
    {
        "ease" => new EaseTrainer(new EaseOptions { Lambda = options.EaseLambda }),
        "itemknn" => new ItemKnnTrainer(),
        "pop" => new MostPopularTrainer(),
        _ => throw new InvalidOperationException($"{ServingOptions.Section}:Model is '{options.Model}'; expected ease, itemknn or pop."),
    };

    public static ServingEngine Fit(EventTable table, IReadOnlyList<Item> catalog, float[] vectors, int dimensions, Taxonomy taxonomy,
        ServingOptions options, CancellationToken cancellationToken)
    {
        var data = new RecommenderData(table, catalog, vectors, dimensions);
        var model = Trainer(options).Fit(data, cancellationToken);
        var popularity = ItemPopularity.Counts(InteractionMatrix.From(table));
        var max = popularity.Length == 0 ? 0f : TensorPrimitives.Max(popularity);
        if (max > 0) TensorPrimitives.Divide(popularity, max, popularity);
        return new ServingEngine(model, popularity, taxonomy, options.InterestWeight, vectors, dimensions);
    }

    /// <summary>
    /// Top <paramref name="n"/> items, best first, never one in <paramref name="excluded"/>. <paramref name="mesoProbability"/> is
    /// the user's <c>P_u(meso)</c> (one entry per meso node) or empty when unknown. <paramref name="diversity"/> ∈ [0, 1]:
    /// 0 ranks by score alone; higher values penalise each further item from an interest (meso node) already in the list.
    /// </summary>
    public IReadOnlyList<ScoredItem> Recommend(UserHistory history, ReadOnlySpan<float> mesoProbability, int n, float diversity, ReadOnlySpan<bool> excluded)
    {
        var scores = new float[ItemCount];
        _model.Score(history, scores);
        // Models mark unscorable items −∞; keep them out of the normalisation and of the list.
        for (int i = 0; i < scores.Length; i++) if (!float.IsFinite(scores[i])) scores[i] = float.NegativeInfinity;
        var maxCf = TensorPrimitives.Max(scores);
        if (maxCf > 0) TensorPrimitives.Divide(scores, maxCf, scores);
        else TensorPrimitives.Multiply(_popularity, 0.5f, scores);
        return Rank(scores, mesoProbability, n, diversity, excluded);
    }

    /// <summary>Items closest in meaning to a unit query vector (cold start from text), weighted by the query's interest distribution.</summary>
    public IReadOnlyList<ScoredItem> RecommendForQuery(ReadOnlySpan<float> query, ReadOnlySpan<float> mesoProbability, int n, float diversity, ReadOnlySpan<bool> excluded)
    {
        var scores = new float[ItemCount];
        Core.Vectors.VectorMath.DotAll(_itemVectors, _dimensions, query, scores);
        return Rank(scores, mesoProbability, n, diversity, excluded);
    }

    private List<ScoredItem> Rank(float[] scores, ReadOnlySpan<float> mesoProbability, int n, float diversity, ReadOnlySpan<bool> excluded)
    {
        if (!mesoProbability.IsEmpty)
        {
            var itemMeso = _taxonomy.ItemMeso;
            var macroCount = _taxonomy.MacroCount;
            var maxP = TensorPrimitives.Max(mesoProbability);
            if (maxP > 0)
                for (int i = 0; i < scores.Length; i++)
                    scores[i] += _interestWeight * mesoProbability[itemMeso[i] - macroCount] / maxP;
        }
        return Diversify(scores, n, diversity, excluded);
    }

    /// <summary>Greedy re-ranking: each pick divides the remaining items of its meso node by (1 + diversity × picks so far there).</summary>
    private List<ScoredItem> Diversify(float[] scores, int n, float diversity, ReadOnlySpan<bool> excluded)
    {
        // Candidates: the best few times n by raw score, so re-ranking stays O(n²) however large the catalogue.
        var pool = new int[Math.Min(ItemCount, Math.Max(n * 5, 50))];
        var found = TopK.Select(scores, pool, excluded);
        var picked = new List<ScoredItem>(n);
        var taken = new bool[found];
        var perMeso = new Dictionary<int, int>();
        var itemMeso = _taxonomy.ItemMeso;
        while (picked.Count < Math.Min(n, found))
        {
            int best = -1;
            float bestScore = float.NegativeInfinity;
            for (int c = 0; c < found; c++)
            {
                if (taken[c]) continue;
                var item = pool[c];
                var adjusted = scores[item] / (1f + diversity * perMeso.GetValueOrDefault(itemMeso[item]));
                if (adjusted > bestScore) { bestScore = adjusted; best = c; }
            }
            taken[best] = true;
            var chosen = pool[best];
            perMeso[itemMeso[chosen]] = perMeso.GetValueOrDefault(itemMeso[chosen]) + 1;
            picked.Add(new ScoredItem(chosen, bestScore));
        }
        return picked;
    }
}
