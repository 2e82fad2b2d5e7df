using CsCheck;
using Strata.Core.Ids;

namespace Strata.Core.Tests;

public class IdMapTests
{
    [Fact]
    public void Indices_are_dense_in_first_seen_order_and_round_trip()
    {
        Gen.String.Array[0, 200].Sample(ids =>
        {
            var map = new IdMap();
            var first = new Dictionary<string, int>();
            foreach (var id in ids)
            {
                var index = map.GetOrAdd(id);
                if (first.TryGetValue(id, out var seen)) Assert.Equal(seen, index);
                else { Assert.Equal(first.Count, index); first[id] = index; }
            }
            Assert.Equal(first.Count, map.Count);
            for (int i = 0; i < map.Count; i++) Assert.Equal(i, map.IndexOf(map[i]));
        });
    }

    [Fact]
    public void Unknown_id_has_no_index() => Assert.Equal(-1, new IdMap().IndexOf("nope"));

    [Fact]
    public void From_rejects_duplicates() => Assert.Throws<ArgumentException>(() => IdMap.From(["a", "b", "a"]));
}
