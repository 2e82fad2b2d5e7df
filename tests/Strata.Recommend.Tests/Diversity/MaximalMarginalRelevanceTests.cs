using Strata.Recommend.Diversity;

namespace Strata.Recommend.Tests.Diversity;

public sealed class MaximalMarginalRelevanceTests
{
    // Items 0-2 point the same way, items 3-4 another way; scores fall with the index.
    private static readonly float[] Vectors = [1, 0, 1, 0, 1, 0, 0, 1, 0, 1];
    private static readonly ScoredItem[] Ranked = [new(0, 1f), new(1, 0.95f), new(2, 0.9f), new(3, 0.5f), new(4, 0.4f)];

    [Fact]
    public void Knob_zero_keeps_the_score_order() =>
        Assert.Equal([0, 1, 2], MaximalMarginalRelevance.Select(Ranked, Vectors, 2, 3, 0));

    [Fact]
    public void A_strong_knob_takes_the_other_direction_second() =>
        Assert.Equal([0, 3], MaximalMarginalRelevance.Select(Ranked, Vectors, 2, 2, 0.7));
}
