using Strata.Interests.Profiles;
using Strata.Recommend.Diversity;
using Strata.Recommend.Explanations;

namespace Strata.Recommend;

/// <summary>
/// The recommendation flow in one readable place: the model scores the catalogue (for Strata's model: candidates per
/// signal → features → learned ranker), seen and excluded items are dropped, the list is diversified across the user's
/// interests (proportional slots or MMR), and each item is explained by its interest path and the user's own events.
/// The user's interests here are the profile's <c>s_u(h)</c>: the same event weights and half-life.
/// </summary>
public sealed class RecommendationPipeline(IRecommender model, InterestPaths paths, IItemContributions? contributions, float[]? itemVectors, int dimensions,
    EventWeights? weights = null, InterestOptions? interests = null)
{
    private readonly EventWeights _weights = weights ?? EventWeights.Default;
    private readonly TimeSpan _halfLife = (interests ?? new InterestOptions()).HalfLife;
    private readonly Explainer? _explainer = contributions is null ? null : new Explainer(paths, contributions, weights);

    public IRecommender Model => model;
    public InterestPaths Paths => paths;

    /// <param name="excludeHistory">False lets items of the history come back (a host then excludes the seen items it wants in <paramref name="exclude"/>).</param>
    public Recommendation[] Recommend(UserHistory history, int n, DiversityOptions? diversity = null, ReadOnlySpan<int> exclude = default, bool excludeHistory = true)
    {
        diversity ??= new DiversityOptions();
        var diversify = diversity.Strength > 0 && n > 1;
        var pool = model.Recommend(history, diversify ? n * Math.Max(1, diversity.PoolFactor) : n, paths.ItemCount, exclude, excludeHistory);
        var chosen = !diversify ? pool : Diversify(history, pool, n, diversity);
        if (_explainer is not null) return _explainer.Explain(history, chosen);
        var bare = new Recommendation[chosen.Count];
        for (int r = 0; r < bare.Length; r++)
        {
            var meso = paths.MesoOf(chosen[r].Item);
            bare[r] = new Recommendation(chosen[r].Item, chosen[r].Score,
                new Explanation(paths.MacroLabel(paths.MacroOfMeso(meso)), paths.MesoLabel(meso), []));
        }
        return bare;
    }

    private IReadOnlyList<ScoredItem> Diversify(UserHistory history, ScoredItem[] pool, int n, DiversityOptions diversity)
    {
        var scoreOf = pool.ToDictionary(s => s.Item, s => s.Score);
        int[] order = diversity.Method == DiversityMethod.Mmr && itemVectors is not null
            ? MaximalMarginalRelevance.Select(pool, itemVectors, dimensions, n, diversity.Strength)
            : InterestAllocation.Select(pool.Select(s => s.Item).ToArray(), paths.MesoOf, paths.Strengths(history, _weights, _halfLife), n, diversity.Strength);
        return order.Select(item => new ScoredItem(item, scoreOf[item])).ToArray();
    }
}
