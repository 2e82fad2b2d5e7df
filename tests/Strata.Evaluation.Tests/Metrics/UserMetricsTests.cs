using CsCheck;
using Strata.Evaluation.Metrics;

namespace Strata.Evaluation.Tests.Metrics;

/// <summary>Per-user metrics against values worked out by hand (logs base 2; any base gives the same nDCG).</summary>
public sealed class UserMetricsTests
{
    // Full ranking of 10 candidates; relevant {3, 9, 6} sit at positions 1, 4 and 9; k = 3 → list [5, 3, 8], one hit at rank 2.
    private static readonly UserRanking OneHit = UserRanking.FromFullRanking([5, 3, 8, 1, 9, 2, 7, 0, 4, 6], [3, 9, 6], 3);

    // k = 5, relevant {1, 3, 6, 7, 8, 9, 10}: hits at ranks 1 and 3 of the list [1, 2, 3, 4, 5].
    private static readonly UserRanking TwoHitsManyRelevant = UserRanking.FromFullRanking([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], [1, 3, 6, 7, 8, 9, 10], 5);

    [Fact]
    public void Precision_divides_hits_by_k()
    {
        Assert.Equal(1.0 / 3, new PrecisionAtK(3).Measure(OneHit), 12);
        Assert.Equal(2.0 / 5, new PrecisionAtK(5).Measure(TwoHitsManyRelevant), 12);
    }

    [Fact]
    public void Precision_of_a_short_list_still_divides_by_k()
    {
        var ranking = UserRanking.FromFullRanking([4, 2], [2], 10);
        Assert.Equal(0.1, new PrecisionAtK(10).Measure(ranking), 12);
    }

    [Fact]
    public void Recall_divides_hits_by_relevant_count()
    {
        Assert.Equal(1.0 / 3, new RecallAtK(3).Measure(OneHit), 12);
        Assert.Equal(2.0 / 7, new RecallAtK(5).Measure(TwoHitsManyRelevant), 12);
    }

    [Fact]
    public void Ndcg_uses_binary_gains_and_an_ideal_over_min_k_relevant()
    {
        // DCG = 1/log2(3); IDCG = 1 + 1/log2(3) + 1/log2(4).
        Assert.Equal(0.6309297535714574 / 2.1309297535714574, new NdcgAtK(3).Measure(OneHit), 12);
        // DCG = 1 + 1/log2(4) = 1.5; IDCG over min(5, 7) = 5 positions.
        var idcg = 1 + 1 / Math.Log2(3) + 0.5 + 1 / Math.Log2(5) + 1 / Math.Log2(6);
        Assert.Equal(1.5 / idcg, new NdcgAtK(5).Measure(TwoHitsManyRelevant), 12);
    }

    [Fact]
    public void Ndcg_is_one_when_the_list_starts_with_every_relevant_item()
    {
        var ranking = UserRanking.FromFullRanking([7, 2, 9, 1, 0], [2, 7], 3);
        Assert.Equal(1.0, new NdcgAtK(3).Measure(ranking), 12);
    }

    [Fact]
    public void Map_divides_by_all_relevant_items_not_by_k()
    {
        Assert.Equal(0.5 / 3, new MeanAveragePrecision().Measure(OneHit), 12);
        // (1/1 + 2/3) / 7, not / min(5, 7).
        Assert.Equal((1 + 2.0 / 3) / 7, new MeanAveragePrecision().Measure(TwoHitsManyRelevant), 12);
    }

    [Fact]
    public void Hit_rate_is_one_with_any_hit_and_zero_without()
    {
        Assert.Equal(1, new HitRateAtK(3).Measure(OneHit));
        Assert.Equal(0, new HitRateAtK(2).Measure(UserRanking.FromFullRanking([5, 8, 3], [3], 2)));
    }

    [Fact]
    public void Reciprocal_rank_reads_the_full_ranking_beyond_k()
    {
        Assert.Equal(0.5, new ReciprocalRank().Measure(OneHit), 12);
        // The only relevant item is 4th: outside the top 2, still 1/4.
        Assert.Equal(0.25, new ReciprocalRank().Measure(UserRanking.FromFullRanking([5, 8, 1, 3], [3], 2)), 12);
    }

    [Fact]
    public void Auc_counts_correctly_ordered_relevant_nonrelevant_pairs()
    {
        // Relevant at positions 1, 4, 9 of 10: non-relevant above them 1, 3, 7 → 11 of 3 × 7 pairs misordered.
        Assert.Equal(10.0 / 21, new Auc().Measure(OneHit), 12);
        Assert.Equal(1.0, new Auc().Measure(UserRanking.FromFullRanking([1, 2, 3, 4], [1, 2], 2)), 12);
        Assert.Equal(0.0, new Auc().Measure(UserRanking.FromFullRanking([3, 4, 1, 2], [1, 2], 2)), 12);
    }

    [Fact]
    public void Auc_matches_brute_force_pair_counting() =>
        Gen.Select(Gen.Double.Array[2, 40], Gen.Int[0, 1000],
                (keys, r) => (Enumerable.Range(0, keys.Length).OrderBy(i => keys[i]).ToArray(), 1 + r % (keys.Length - 1)))
            .Sample(t =>
            {
                var (ranking, relevantCount) = t;
                var relevant = ranking.Take(relevantCount).Order().ToArray();
                double correct = 0, pairs = 0;
                for (int a = 0; a < ranking.Length; a++)
                    for (int b = 0; b < ranking.Length; b++)
                        if (relevant.Contains(ranking[a]) && !relevant.Contains(ranking[b])) { pairs++; if (a < b) correct++; }
                var auc = new Auc().Measure(UserRanking.FromFullRanking(ranking, relevant, 5));
                return Math.Abs(auc - correct / pairs) < 1e-12;
            });

    [Fact]
    public void Every_accuracy_metric_is_zero_without_hits_and_mrr_auc_still_see_the_full_ranking()
    {
        var ranking = UserRanking.FromFullRanking([0, 1, 2, 3], [3], 2);
        foreach (var metric in StandardMetrics.PerUser(2).Where(m => m is not ReciprocalRank and not Auc))
            Assert.Equal(0, metric.Measure(ranking));
        Assert.Equal(0.25, new ReciprocalRank().Measure(ranking), 12);
        Assert.Equal(0.0, new Auc().Measure(ranking), 12);
    }

    [Fact]
    public void A_list_longer_than_k_is_rejected() =>
        Assert.Throws<ArgumentException>(() => new UserRanking([1, 2, 3], [1], [0], 3, 2));
}
