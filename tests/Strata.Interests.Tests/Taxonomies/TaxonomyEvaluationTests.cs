using Strata.Interests.Taxonomies;

namespace Strata.Interests.Tests.Taxonomies;

public class TaxonomyEvaluationTests
{
    private static int[][] Single(params int[] labels) => labels.Select(l => new[] { l }).ToArray();

    [Fact]
    public void Identical_partitions_score_one_even_with_renamed_clusters()
    {
        Assert.Equal(1.0, TaxonomyEvaluation.Nmi([5, 5, 7, 7, 9, 9], Single(0, 0, 1, 1, 2, 2)), 9);
    }

    [Fact]
    public void Independent_partitions_score_zero()
    {
        // Each cluster holds one item of each label: no information shared.
        Assert.Equal(0.0, TaxonomyEvaluation.Nmi([0, 0, 1, 1], Single(0, 1, 0, 1)), 9);
    }

    [Fact]
    public void Known_value_matches_the_definition()
    {
        // I = 0.3749 nats, H(C) = 1.0114, H(L) = 0.6931 → NMI = I / ((H(C) + H(L)) / 2), computed independently in Python.
        Assert.Equal(0.4398695005110286, TaxonomyEvaluation.Nmi([0, 0, 1, 1, 1, 2], Single(0, 0, 0, 1, 1, 1)), 9);
    }

    [Fact]
    public void Multi_label_items_spread_their_mass()
    {
        // Both items carry both labels: labels say nothing about clusters.
        Assert.Equal(0.0, TaxonomyEvaluation.Nmi([0, 1], [[0, 1], [0, 1]]), 9);
    }

    [Fact]
    public void Random_baseline_is_near_zero_for_many_items()
    {
        var clusters = Enumerable.Range(0, 2000).Select(i => i % 10).ToArray();
        var labels = Single(Enumerable.Range(0, 2000).Select(i => i % 10).ToArray());
        Assert.Equal(1.0, TaxonomyEvaluation.Nmi(clusters, labels), 9);
        Assert.InRange(TaxonomyEvaluation.RandomNmi(clusters, labels), 0, 0.03);
    }
}
