using Strata.Core.Vectors;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;

namespace Strata.Recommend.Fusion;

/// <summary>
/// Signals from the interest model. For the user's profile (rebuilt from the history passed in, so known and new users
/// are treated alike, decayed to the user's latest event) and each item i: similarity of e_i to the macro and meso level
/// vectors, to the best-matching multi-interest vector, and the smoothed probabilities P_u(macro(i)) and P_u(meso(i)).
/// The meso and multi-interest rows propose candidates (retrieval per interest vector).
/// </summary>
public sealed class InterestSignals(ProfileContext context, int[] itemToTaxonomy, float[] itemVectors, int dimensions, int multiInterests) : IItemSignals
{
    public IReadOnlyList<string> Names { get; } =
        ["interest.macro", "interest.meso", "interest.multi", "interest.macro_share", "interest.meso_share"];

    public IReadOnlyList<bool> ProposesCandidates { get; } = [false, true, true, false, false];

    public ProfileContext Context => context;

    /// <summary>The user's profile built from a history (taxonomy item indices; items the tree does not know are skipped).</summary>
    public InterestProfile ProfileOf(UserHistory history)
    {
        var profile = new InterestProfile(context);
        for (int e = 0; e < history.Count; e++)
        {
            var item = history.Items[e];
            if ((uint)item >= (uint)itemToTaxonomy.Length || itemToTaxonomy[item] < 0) continue;
            profile.Apply(itemToTaxonomy[item], history.Types[e], history.Values[e], history.Seconds[e]);
        }
        return profile;
    }

    public void Score(UserHistory history, Span<float> scores)
    {
        int items = itemToTaxonomy.Length;
        var taxonomy = context.Taxonomy;
        var profile = ProfileOf(history);
        long at = profile.LastSeconds;
        var macro = scores[..items];
        var meso = scores.Slice(items, items);
        var multi = scores.Slice(2 * items, items);
        var macroShare = scores.Slice(3 * items, items);
        var mesoShare = scores.Slice(4 * items, items);

        Span<float> query = stackalloc float[dimensions];
        if (profile.LevelVector(InterestLevel.Macro, query, at)) VectorMath.DotAll(itemVectors, dimensions, query, macro); else macro.Clear();
        if (profile.LevelVector(InterestLevel.Meso, query, at)) VectorMath.DotAll(itemVectors, dimensions, query, meso); else meso.Clear();

        multi.Fill(float.NegativeInfinity);
        var buffer = new float[items];
        foreach (var interest in profile.EventCount == 0 ? [] : profile.MultiInterest(multiInterests, at))
        {
            VectorMath.DotAll(itemVectors, dimensions, interest.Vector, buffer);
            System.Numerics.Tensors.TensorPrimitives.Max(multi, buffer, multi);
        }
        if (float.IsNegativeInfinity(multi[0])) multi.Clear();

        var macroDistribution = new float[taxonomy.MacroCount];
        var mesoDistribution = new float[taxonomy.MesoCount];
        profile.LevelDistribution(InterestLevel.Macro, macroDistribution, at);
        profile.LevelDistribution(InterestLevel.Meso, mesoDistribution, at);
        for (int i = 0; i < items; i++)
        {
            var t = itemToTaxonomy[i];
            if (t < 0) { macroShare[i] = 0; mesoShare[i] = 0; continue; }
            var path = taxonomy.PathOf(t);
            macroShare[i] = macroDistribution[path.Macro];
            mesoShare[i] = mesoDistribution[path.Meso - taxonomy.MacroCount];
        }
    }
}
