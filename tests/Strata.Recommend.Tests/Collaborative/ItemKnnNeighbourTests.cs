using CsCheck;
using Strata.Interests.Profiles;
using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Tests.Collaborative;

/// <summary>Item-kNN visits only co-occurring items; its neighbours are exactly a full scan's, ties broken by the lower index.</summary>
public sealed class ItemKnnNeighbourTests
{
    [Fact]
    public void Neighbours_equal_a_scan_over_every_item()
    {
        var gen = from users in Gen.Int[1, 12]
                  from items in Gen.Int[2, 15]
                  from pairs in Gen.Select(Gen.Int[0, users - 1], Gen.Int[0, items - 1]).Array[0, 60]
                  from k in Gen.Int[1, 6]
                  from shrinkage in Gen.Double[0, 3]
                  select (users, items, pairs, k, shrinkage);
        gen.Sample(c =>
        {
            var matrix = InteractionMatrix.FromPairs(c.users, c.items, c.pairs.Select(p => ((long)p.Item1 << 32) | (uint)p.Item2).ToList());
            var model = new ItemKnnTrainer(new ItemKnnOptions { Neighbours = c.k, Shrinkage = c.shrinkage }).Fit(matrix, EventWeights.Default);
            for (int i = 0; i < c.items; i++)
            {
                var (items, similarities) = model.NeighboursOf(i);
                var expected = Scan(matrix, i, c.k, c.shrinkage);
                Assert.Equal(expected.Select(e => e.Item), items.ToArray());
                Assert.Equal(expected.Select(e => e.Similarity), similarities.ToArray());
            }
        });
    }

    [Fact]
    public void A_score_is_the_sum_of_its_history_items_contributions()
    {
        var gen = from pairs in Gen.Select(Gen.Int[0, 7], Gen.Int[0, 11]).Array[1, 50]
                  from history in Gen.Int[0, 11].Array[1, 6]
                  select (pairs, history);
        gen.Sample(c =>
        {
            var matrix = InteractionMatrix.FromPairs(8, 12, c.pairs.Select(p => ((long)p.Item1 << 32) | (uint)p.Item2).ToList());
            var model = new ItemKnnTrainer(new ItemKnnOptions { Neighbours = 4 }).Fit(matrix, EventWeights.Default);
            var scores = new float[12];
            model.Score(UserHistory.OfItems(-1, c.history), scores);
            var distinct = c.history.Distinct().ToArray();
            for (int item = 0; item < 12; item++)
                Assert.Equal(scores[item], distinct.Sum(h => model.Contribution(h, item)), 1e-4f);
        });
    }

    /// <summary>The definition: cosine on co-occurrence with shrinkage over every other item, best first, lower index on ties.</summary>
    private static (int Item, float Similarity)[] Scan(InteractionMatrix matrix, int item, int k, double shrinkage)
    {
        var mine = matrix.UsersOf(item).ToArray().ToHashSet();
        return Enumerable.Range(0, matrix.ItemCount)
            .Where(j => j != item)
            .Select(j => (Item: j, Together: matrix.UsersOf(j).ToArray().Count(mine.Contains)))
            .Where(x => x.Together > 0)
            .Select(x => (x.Item, Similarity: (float)(x.Together / (Math.Sqrt((double)matrix.ItemDegree(item) * matrix.ItemDegree(x.Item)) + shrinkage))))
            .OrderByDescending(x => x.Similarity).ThenBy(x => x.Item)
            .Take(k).ToArray();
    }
}
