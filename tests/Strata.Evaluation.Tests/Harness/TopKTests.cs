using CsCheck;
using Strata.Evaluation.Harness;

namespace Strata.Evaluation.Tests.Harness;

public sealed class TopKTests
{
    // Scores from a small set of values so ties are frequent.
    private static readonly Gen<(float[] Scores, bool[] Excluded, int K, int[] Relevant)> Cases =
        Gen.Int[1, 60].SelectMany(n =>
            Gen.Select(Gen.Int[0, 5].Select(v => (float)v).Array[n], Gen.Bool.Array[n], Gen.Int[1, 12], Gen.Int[0, n - 1].Array[0, 8]));

    private static int[] FullRanking(float[] scores, bool[] excluded) =>
        Enumerable.Range(0, scores.Length).Where(i => !excluded[i]).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();

    [Fact]
    public void Select_returns_the_head_of_the_full_ranking_with_ties_to_the_lower_index() =>
        Cases.Sample(c =>
        {
            var top = new int[c.K];
            var count = TopK.Select(c.Scores, c.Excluded, top);
            return top[..count].SequenceEqual(FullRanking(c.Scores, c.Excluded).Take(c.K));
        });

    [Fact]
    public void Relevant_ranks_are_positions_in_the_full_ranking() =>
        Cases.Sample(c =>
        {
            var full = FullRanking(c.Scores, c.Excluded);
            var relevant = c.Relevant.Distinct().ToArray();
            var expected = relevant.Where(r => !c.Excluded[r]).Select(r => Array.IndexOf(full, r)).Order();
            return RelevantRanks.Compute(c.Scores, c.Excluded, relevant).Ranks.SequenceEqual(expected);
        });

    [Fact]
    public void Negatives_above_count_higher_scores_fully_and_equal_scores_half() =>
        Cases.Sample(c =>
        {
            var relevant = c.Relevant.Distinct().ToArray();
            double expected = 0;
            foreach (var r in relevant.Where(r => !c.Excluded[r]))
                for (int j = 0; j < c.Scores.Length; j++)
                {
                    if (c.Excluded[j] || relevant.Contains(j)) continue;
                    if (c.Scores[j] > c.Scores[r]) expected += 1;
                    else if (c.Scores[j] == c.Scores[r]) expected += 0.5;
                }
            return RelevantRanks.Compute(c.Scores, c.Excluded, relevant).NegativesAbove == expected;
        });

    [Fact]
    public void Auc_counts_ties_at_negative_infinity_as_half_whatever_the_item_index()
    {
        float[] scores = [1, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity];
        var (ranks, negativesAbove) = RelevantRanks.Compute(scores, new bool[4], [3]);
        Assert.Equal([3], ranks);
        var ranking = new Strata.Evaluation.Metrics.UserRanking([0, 1], [3], ranks, 4, 2, negativesAbove);
        Assert.Equal(1 - (1 + 0.5 * 2) / 3.0, new Strata.Evaluation.Metrics.Auc().Measure(ranking), 12);
    }

    [Fact]
    public void Negative_infinity_ranks_last_but_is_still_a_candidate()
    {
        float[] scores = [float.NegativeInfinity, 1, 2];
        var top = new int[3];
        Assert.Equal(3, TopK.Select(scores, new bool[3], top));
        Assert.Equal([2, 1, 0], top);
    }

    [Fact]
    public void Percentile_is_nearest_rank()
    {
        double[] sorted = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Assert.Equal(5, EvaluationHarness.Percentile(sorted, 0.5));
        Assert.Equal(10, EvaluationHarness.Percentile(sorted, 0.99));
        Assert.Equal(1, EvaluationHarness.Percentile([1], 0.99));
    }
}
