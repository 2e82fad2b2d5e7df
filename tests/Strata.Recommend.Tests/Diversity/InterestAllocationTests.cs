using CsCheck;
using Strata.Recommend.Diversity;

namespace Strata.Recommend.Tests.Diversity;

public sealed class InterestAllocationTests
{
    // 30 ranked items; item i is in group i / 10 except that the best ten are all group 0.
    private static readonly int[] Ranked = Enumerable.Range(0, 30).ToArray();
    private static int GroupOf(int item) => item / 10;

    [Fact]
    public void Knob_zero_keeps_the_score_order()
    {
        var chosen = InterestAllocation.Select(Ranked, GroupOf, [1f, 1f, 1f], 10, 0);
        Assert.Equal(Ranked.Take(10), chosen);
    }

    [Fact]
    public void Knob_one_allocates_slots_in_proportion_to_strength()
    {
        var chosen = InterestAllocation.Select(Ranked, GroupOf, [5f, 3f, 2f], 10, 1);
        Assert.Equal(5, chosen.Count(i => GroupOf(i) == 0));
        Assert.Equal(3, chosen.Count(i => GroupOf(i) == 1));
        Assert.Equal(2, chosen.Count(i => GroupOf(i) == 2));
        // Within each group the best-scored items are the ones kept.
        Assert.Equal([0, 1, 2, 3, 4], chosen.Where(i => GroupOf(i) == 0).Order());
    }

    [Fact]
    public void Half_knob_guarantees_half_the_quota()
    {
        var chosen = InterestAllocation.Select(Ranked, GroupOf, [0f, 6f, 4f], 10, 0.5);
        Assert.True(chosen.Count(i => GroupOf(i) == 1) >= 3);
        Assert.True(chosen.Count(i => GroupOf(i) == 2) >= 2);
        Assert.True(chosen.Count(i => GroupOf(i) == 0) >= 4, "free slots still go to the best-scored items");
    }

    [Fact]
    public void Selection_is_a_distinct_subset_meeting_every_minimum()
    {
        Gen.Select(Gen.Float[0f, 10f].Array[4], Gen.Int[1, 30], Gen.Double[0, 1]).Sample((strengths, n, knob) =>
        {
            var ranked = Enumerable.Range(0, 40).ToArray();
            int Group(int item) => item % 4;
            var chosen = InterestAllocation.Select(ranked, Group, strengths, n, knob);
            Assert.Equal(Math.Min(n, ranked.Length), chosen.Length);
            Assert.Equal(chosen.Length, chosen.Distinct().Count());
            var total = strengths.Sum();
            if (total <= 0) return;
            // Each group can supply at most its 10 items.
            for (int g = 0; g < 4; g++)
                Assert.True(chosen.Count(i => Group(i) == g) >= Math.Min(10, Math.Floor(knob * Math.Floor(n * strengths[g] / total))));
        });
    }
}
