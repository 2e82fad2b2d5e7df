using CsCheck;

namespace Strata.Recommend.Tests;

public sealed class TopKTests
{
    // Few distinct values so ties are frequent; long enough vectors that whole blocks are skipped; −∞ and NaN mixed in.
    private static readonly float[] Values = [0, 1, 2, 3, 4, 5, float.NegativeInfinity, float.NaN];

    [Fact]
    public void Select_returns_the_head_of_the_full_ranking_with_ties_to_the_lower_index() =>
        Gen.Int[0, 400].SelectMany(n => Gen.Select(Gen.Int[0, Values.Length - 1].Array[n], Gen.Bool.Array[n], Gen.Int[0, 40], Gen.Bool))
            .Sample(c =>
            {
                var (valueIndex, excluded, k, masked) = c;
                var scores = valueIndex.Select(v => Values[v]).ToArray();
                var expected = Enumerable.Range(0, scores.Length)
                    .Where(i => scores[i] > float.NegativeInfinity && !(masked && excluded[i]))
                    .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();
                var top = new int[k];
                var found = TopK.Select(scores, top, masked ? excluded : default);
                Assert.Equal(expected, top[..found]);
            });
}
