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
public sealed class InterestSignals : IItemSignals
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
