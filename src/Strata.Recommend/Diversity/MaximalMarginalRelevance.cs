using Strata.Core.Vectors;

namespace Strata.Recommend.Diversity;

/// <summary>
/// MMR (Carbonell &amp; Goldstein 1998): repeatedly take argmax_c (1 − λ)·rel(c) − λ·max_{s ∈ chosen} cos(c, s), with
/// rel the candidate's score min-max scaled to [0, 1] over the pool and λ the diversity knob (0 = score order).
/// </summary>
public static class MaximalMarginalRelevance
{
    public static int[] Select(IReadOnlyList<ScoredItem> ranked, float[] itemVectors, int dimensions, int slots, double knob)
    {
        slots = Math.Min(slots, ranked.Count);
        if (ranked.Count == 0) return [];
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        foreach (var s in ranked) { lo = Math.Min(lo, s.Score); hi = Math.Max(hi, s.Score); }
        var range = hi > lo ? hi - lo : 1f;
        var redundancy = new float[ranked.Count];
        Array.Fill(redundancy, float.NegativeInfinity);
        var used = new bool[ranked.Count];
        var result = new int[slots];
        float lambda = (float)Math.Clamp(knob, 0, 1);
        for (int slot = 0; slot < slots; slot++)
        {
            int best = -1;
            float bestValue = float.NegativeInfinity;
            for (int r = 0; r < ranked.Count; r++)
            {
                if (used[r]) continue;
                var relevance = (ranked[r].Score - lo) / range;
                var penalty = slot == 0 ? 0f : redundancy[r];
                var value = (1 - lambda) * relevance - lambda * penalty;
                if (value > bestValue) { bestValue = value; best = r; }
            }
            used[best] = true;
            result[slot] = ranked[best].Item;
            var chosen = VectorMath.Row(itemVectors, ranked[best].Item, dimensions);
            for (int r = 0; r < ranked.Count; r++)
                if (!used[r])
                    redundancy[r] = Math.Max(redundancy[r], VectorMath.Dot(VectorMath.Row(itemVectors, ranked[r].Item, dimensions), chosen));
        }
        return result;
    }
}
