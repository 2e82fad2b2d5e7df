using Strata.Evaluation.Metrics;

namespace Strata.Evaluation.Tests.Metrics;

public sealed class ListMetricsTests
{
    [Fact]
    public void Coverage_counts_distinct_items_over_all_lists() =>
        Assert.Equal(0.3, CatalogCoverage.Measure([[0, 1], [1, 2], []], 10), 12);

    [Fact]
    public void Diversity_is_one_minus_mean_pairwise_cosine()
    {
        // e0 = (1, 0), e1 = (0, 1), e2 = (2, 2): cosines 0, √½, √½.
        float[] vectors = [1, 0, 0, 1, 2, 2];
        var expected = 1 - (0 + 2 * Math.Sqrt(0.5)) / 3;
        Assert.Equal(expected, IntraListDiversity.Measure([0, 1, 2], vectors, 2), 6);
    }

    [Fact]
    public void Diversity_of_identical_items_is_zero_and_of_one_item_undefined()
    {
        float[] vectors = [1, 1, 3, 3];
        Assert.Equal(0, IntraListDiversity.Measure([0, 1], vectors, 2), 6);
        Assert.True(double.IsNaN(IntraListDiversity.Measure([0], vectors, 2)));
    }

    [Fact]
    public void Novelty_is_mean_negative_log2_user_share_with_unseen_items_counted_once()
    {
        // 10 users: p = 1 → 0 bits, p = 0.5 → 1 bit, unseen → p = 0.1.
        var expected = (0 + 1 + Math.Log2(10)) / 3;
        Assert.Equal(expected, Novelty.Measure([0, 1, 2], [10, 5, 0], 10), 12);
    }

    [Fact]
    public void Standard_keys_are_in_report_order() =>
        Assert.Equal(["precision@10", "recall@10", "ndcg@10", "map", "hr@10", "mrr", "auc", "coverage", "diversity", "novelty"], StandardMetrics.Keys(10));
}
