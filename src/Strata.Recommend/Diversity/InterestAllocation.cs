namespace Strata.Recommend.Diversity;

/// <summary>
/// Fills n slots from a ranked pool so each interest group g (meso node) gets at least ⌊knob · q_g⌋ slots, where the
/// quotas q_g split n in proportion to the user's strength in g (largest remainder, over groups that have candidates).
/// knob = 0 keeps the score order; knob = 1 is strict proportional allocation. Within those minimums the best-scored
/// candidate always takes the next slot.
/// </summary>
public static class InterestAllocation
{
    /// <param name="ranked">Candidates, best first.</param>
    /// <param name="groupOf">Interest group of an item.</param>
    /// <param name="strengths">The user's strength per group (any scale; negatives count as zero).</param>
    /// <param name="slots">List length n.</param>
    /// <param name="knob">0 … 1.</param>
    public static int[] Select(IReadOnlyList<int> ranked, Func<int, int> groupOf, ReadOnlySpan<float> strengths, int slots, double knob)
    {
        slots = Math.Min(slots, ranked.Count);
        var minimum = Minimums(ranked, groupOf, strengths, slots, Math.Clamp(knob, 0, 1));
        var taken = new Dictionary<int, int>();
        var used = new bool[ranked.Count];
        var result = new List<int>(slots);
        while (result.Count < slots)
        {
            int owed = 0;
            foreach (var (group, min) in minimum) owed += Math.Max(0, min - taken.GetValueOrDefault(group));
            int remaining = slots - result.Count;
            int pick = -1;
            for (int r = 0; r < ranked.Count && pick < 0; r++)
            {
                if (used[r]) continue;
                var group = groupOf(ranked[r]);
                bool fillsDebt = taken.GetValueOrDefault(group) < minimum.GetValueOrDefault(group);
                // A candidate outside the owed groups may only take a slot the minimums do not need.
                if (fillsDebt || remaining > owed) pick = r;
            }
            if (pick < 0) break;
            used[pick] = true;
            result.Add(ranked[pick]);
            var g = groupOf(ranked[pick]);
            taken[g] = taken.GetValueOrDefault(g) + 1;
        }
        return [.. result];
    }

    private static Dictionary<int, int> Minimums(IReadOnlyList<int> ranked, Func<int, int> groupOf, ReadOnlySpan<float> strengths, int slots, double knob)
    {
        var available = new Dictionary<int, int>();
        foreach (var item in ranked)
        {
            var g = groupOf(item);
            available[g] = available.GetValueOrDefault(g) + 1;
        }
        double total = 0;
        foreach (var g in available.Keys) total += Strength(strengths, g);
        var minimum = new Dictionary<int, int>();
        if (total <= 0 || knob <= 0) return minimum;
        // Largest-remainder quotas of n over groups present in the pool, capped by what each group can supply.
        var shares = new List<(int Group, double Exact)>();
        foreach (var g in available.Keys) shares.Add((g, slots * Strength(strengths, g) / total));
        var quota = shares.ToDictionary(s => s.Group, s => (int)Math.Floor(s.Exact));
        int left = slots - quota.Values.Sum();
        foreach (var s in shares.OrderByDescending(s => s.Exact - Math.Floor(s.Exact)).ThenBy(s => s.Group))
        {
            if (left == 0) break;
            quota[s.Group]++;
            left--;
        }
        foreach (var (g, q) in quota)
        {
            var min = Math.Min(available[g], (int)Math.Floor(knob * q + 1e-9));
            if (min > 0) minimum[g] = min;
        }
        return minimum;
    }

    private static double Strength(ReadOnlySpan<float> strengths, int group) =>
        (uint)group < (uint)strengths.Length ? Math.Max(0, strengths[group]) : 0;
}
