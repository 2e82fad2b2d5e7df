using System.Numerics.Tensors;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;

namespace Strata.Recommend.Fusion;

/// <summary>
/// Signals from the interest model. For the user's profile (rebuilt from the history passed in, so known and new users
/// are treated alike, decayed to the user's latest event) and each item i: similarity of e_i to the macro and meso level
/// vectors, to the best-matching multi-interest vector, and the smoothed probabilities P_u(macro(i)) and P_u(meso(i)).
/// The meso and multi-interest rows propose candidates (retrieval per interest vector).
/// <para>
/// Every interest vector is a combination of taxonomy centroids (a level vector is Σ_h s_u(h)·c_h, a multi-interest
/// vector a meso centroid), so the similarities come from one precomputed node × item matrix of e_i·c_h: a user costs a
/// few axpy passes over the nodes they touch instead of a pass over every item vector per interest.
/// </para>
/// </summary>
public sealed class InterestSignals : ICandidateSignals
{
    private readonly ProfileContext _context;
    private readonly int[] _itemToTaxonomy;
    private readonly NodeSimilarities _similarities;
    private readonly int _dimensions;
    private readonly int _multiInterests;

    public InterestSignals(ProfileContext context, int[] itemToTaxonomy, NodeSimilarities similarities, int dimensions, int multiInterests)
    {
        _context = context;
        _itemToTaxonomy = itemToTaxonomy;
        _similarities = similarities;
        _dimensions = dimensions;
        _multiInterests = multiInterests;
        _nearest = new Nearest?[context.Taxonomy.NodeCount];
    }

    public IReadOnlyList<string> Names { get; } =
        ["interest.macro", "interest.meso", "interest.multi", "interest.macro_share", "interest.meso_share"];

    public IReadOnlyList<bool> ProposesCandidates { get; } = [false, true, true, false, false];

    public ProfileContext Context => _context;

    internal int[] ItemToTaxonomy => _itemToTaxonomy;
    internal int Dimensions => _dimensions;
    internal int MultiInterests => _multiInterests;

    /// <summary>The user's profile built from a history (taxonomy item indices; items the tree does not know are skipped).</summary>
    public InterestProfile ProfileOf(UserHistory history)
    {
        var profile = new InterestProfile(_context);
        for (int e = 0; e < history.Count; e++)
        {
            var item = history.Items[e];
            if ((uint)item >= (uint)_itemToTaxonomy.Length || _itemToTaxonomy[item] < 0) continue;
            profile.Apply(_itemToTaxonomy[item], history.Types[e], history.Values[e], history.Seconds[e]);
        }
        return profile;
    }

    public void Score(UserHistory history, Span<float> scores)
    {
        int items = _itemToTaxonomy.Length;
        var taxonomy = _context.Taxonomy;
        var profile = ProfileOf(history);
        long at = profile.LastSeconds;
        var macro = scores[..items];
        var meso = scores.Slice(items, items);
        var multi = scores.Slice(2 * items, items);
        var macroShare = scores.Slice(3 * items, items);
        var mesoShare = scores.Slice(4 * items, items);

        LevelSimilarity(profile, InterestLevel.Macro, 0, taxonomy.MacroCount, at, macro);
        LevelSimilarity(profile, InterestLevel.Meso, taxonomy.MacroCount, taxonomy.MesoCount, at, meso);

        multi.Clear();
        if (profile.EventCount > 0)
        {
            bool first = true;
            foreach (var interest in profile.MultiInterest(_multiInterests, at))
            {
                var row = _similarities.Row(interest.NodeId);
                if (first) row.CopyTo(multi); else TensorPrimitives.Max(multi, row, multi);
                first = false;
            }
        }

        var macroDistribution = new float[taxonomy.MacroCount];
        var mesoDistribution = new float[taxonomy.MesoCount];
        profile.LevelDistribution(InterestLevel.Macro, macroDistribution, at);
        profile.LevelDistribution(InterestLevel.Meso, mesoDistribution, at);
        for (int i = 0; i < items; i++)
        {
            var t = _itemToTaxonomy[i];
            if (t < 0) { macroShare[i] = 0; mesoShare[i] = 0; continue; }
            var path = taxonomy.PathOf(t);
            macroShare[i] = macroDistribution[path.Macro];
            mesoShare[i] = mesoDistribution[path.Meso - taxonomy.MacroCount];
        }
    }

    public bool AnswersCandidates => true;

    /// <summary>The index over the item vectors, shared with the text signal.</summary>
    public IEnumerable<Retrieval.InnerProductRetrieval> Retrievals => [Retrieval.InnerProductRetrieval.Shared(_similarities.ItemVectors, _dimensions)];

    /// <summary>
    /// The same five rows for a few items, each an O(d) dot product: e_i · v̂ for the macro and meso level vectors
    /// (Σ_h s_u(h)·c_h normalised, as the matrix form computes), the best e_i · c_h over the multi-interest nodes, the
    /// shares. The meso row proposes through the item-vector index with v̂_meso, the multi-interest row with each interest's centroid.
    /// </summary>
    public ICandidateQuery Ask(UserHistory history, int catalogSize)
    {
        var taxonomy = _context.Taxonomy;
        var profile = ProfileOf(history);
        long at = profile.LastSeconds;
        var macroDistribution = new float[taxonomy.MacroCount];
        var mesoDistribution = new float[taxonomy.MesoCount];
        profile.LevelDistribution(InterestLevel.Macro, macroDistribution, at);
        profile.LevelDistribution(InterestLevel.Meso, mesoDistribution, at);
        int[] interests = profile.EventCount > 0 ? [.. profile.MultiInterest(_multiInterests, at).Select(i => i.NodeId)] : [];
        return new Query(this, UnitLevelVector(profile, InterestLevel.Macro, at), UnitLevelVector(profile, InterestLevel.Meso, at),
            interests, macroDistribution, mesoDistribution);
    }

    /// <summary>
    /// Items nearest node <paramref name="node"/>'s centroid, best first, with their similarities: at least
    /// <paramref name="count"/> of them outside <paramref name="seen"/>. The query is the same for every user, so a list of
    /// <paramref name="count"/> + <see cref="SeenMargin"/> is searched once per node and kept; only a user who has seen more
    /// of it than the margin costs a search of their own.
    /// </summary>
    private (int[] Items, float[] Similarities) NearestTo(int node, int count, ReadOnlySpan<int> seen)
    {
        var retrieval = Retrieval.InnerProductRetrieval.Shared(_similarities.ItemVectors, _dimensions);
        var centroid = _context.Taxonomy.Centroid(node);
        if (_nearest[node] is not { } kept || kept.Items.Length < Math.Min(count + SeenMargin, retrieval.Count))
        {
            var items = new int[Math.Min(count + SeenMargin, retrieval.Count)];
            var similarities = new float[items.Length];
            var found = retrieval.Search(centroid, items, similarities);
            // A reference write is atomic: racing requests at worst search the same list twice.
            _nearest[node] = kept = new Nearest(items[..found], similarities[..found]);
        }
        int unseen = 0;
        foreach (var item in kept.Items) if (seen.BinarySearch(item) < 0) unseen++;
        if (unseen >= count || kept.Items.Length == retrieval.Count) return (kept.Items, kept.Similarities);
        var own = new int[count];
        var ownSimilarities = new float[count];
        var ownFound = retrieval.Search(centroid, own, ownSimilarities, seen);
        return (own[..ownFound], ownSimilarities[..ownFound]);
    }

    /// <summary>Items beyond the wanted count kept per node, so seen items rarely cost a user their own search.</summary>
    private const int SeenMargin = 100;

    private sealed record Nearest(int[] Items, float[] Similarities);

    private readonly Nearest?[] _nearest;

    /// <summary>v / ‖v‖ for a level vector, or null when it is zero (every similarity is then 0).</summary>
    private float[]? UnitLevelVector(InterestProfile profile, InterestLevel level, long at)
    {
        if (profile.EventCount == 0) return null;
        var vector = new float[_dimensions];
        profile.RawLevelVector(level, vector, at);
        var norm = TensorPrimitives.Norm(vector);
        if (!(norm > 0f) || !float.IsFinite(norm)) return null;
        TensorPrimitives.Divide(vector, norm, vector);
        return vector;
    }

    private sealed class Query(InterestSignals signals, float[]? macro, float[]? meso, int[] interests, float[] macroDistribution, float[] mesoDistribution)
        : ICandidateQuery
    {
        private readonly Retrieval.InnerProductRetrieval _retrieval =
            Retrieval.InnerProductRetrieval.Shared(signals._similarities.ItemVectors, signals._dimensions);

        public int Propose(int row, Span<int> into, ReadOnlySpan<int> seen)
        {
            var scores = new float[into.Length];
            switch (row)
            {
                case 1: return meso is null ? 0 : _retrieval.Search(meso, into, scores, seen);
                case 2:
                    // Each interest's own top items, merged by their best similarity to any interest (the row's max).
                    var best = new Dictionary<int, float>();
                    foreach (var node in interests)
                    {
                        var (items, similarities) = signals.NearestTo(node, into.Length, seen);
                        for (int k = 0, taken = 0; k < items.Length && taken < into.Length; k++)
                        {
                            if (seen.BinarySearch(items[k]) >= 0) continue;
                            taken++;
                            best[items[k]] = Math.Max(best.GetValueOrDefault(items[k], float.NegativeInfinity), similarities[k]);
                        }
                    }
                    var keys = best.Select(pair => TopK.DescendingKey(pair.Value, pair.Key)).Order().Take(into.Length).ToArray();
                    for (int k = 0; k < keys.Length; k++) into[k] = (int)(uint)keys[k];
                    return keys.Length;
                default: return 0;
            }
        }

        public void Score(ReadOnlySpan<int> items, Span<float> scores)
        {
            int n = items.Length;
            var taxonomy = signals._context.Taxonomy;
            var similarities = signals._similarities;
            for (int k = 0; k < n; k++)
            {
                var item = items[k];
                scores[k] = macro is null ? 0f : similarities.Of(macro, item);
                scores[n + k] = meso is null ? 0f : similarities.Of(meso, item);
                float multi = 0f;
                for (int h = 0; h < interests.Length; h++)
                {
                    var similarity = similarities.Of(interests[h], item);
                    multi = h == 0 ? similarity : MathF.Max(multi, similarity);
                }
                scores[2 * n + k] = multi;
                var t = signals._itemToTaxonomy[item];
                if (t < 0) { scores[3 * n + k] = 0; scores[4 * n + k] = 0; continue; }
                var path = taxonomy.PathOf(t);
                scores[3 * n + k] = macroDistribution[path.Macro];
                scores[4 * n + k] = mesoDistribution[path.Meso - taxonomy.MacroCount];
            }
        }
    }

    /// <summary>
    /// e_i · (v / ‖v‖) for the level vector v = Σ_h s_u(h)·c_h, as Σ_h (s_u(h)/‖v‖)·(e_i·c_h); zero when v is zero.
    /// </summary>
    private void LevelSimilarity(InterestProfile profile, InterestLevel level, int firstNode, int nodes, long at, Span<float> destination)
    {
        destination.Clear();
        if (profile.EventCount == 0) return;
        Span<float> raw = stackalloc float[_dimensions];
        profile.RawLevelVector(level, raw, at);
        var norm = TensorPrimitives.Norm(raw);
        if (!(norm > 0f) || !float.IsFinite(norm)) return;
        for (int node = firstNode; node < firstNode + nodes; node++)
        {
            var strength = profile.Strength(node, at);
            if (strength != 0f) TensorPrimitives.MultiplyAdd(_similarities.Row(node), strength / norm, destination, destination);
        }
    }
}
