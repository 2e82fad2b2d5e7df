using Strata.Core.Domain;
using Strata.Core.Interactions;

namespace Strata.Recommend.Tests.Support;

/// <summary>
/// A synthetic dataset with a known answer (implicit's checker board): items and users form two blocks (index parity);
/// each user has every item of their block except one, and nothing of the other block. The item a user misses is the
/// only sensible recommendation. Item vectors point along the block's axis with a little per-item tilt.
/// </summary>
public static class Checkerboard
{
    public const int Users = 20, Items = 20, Dimensions = 4;

    /// <summary>The one in-block item user u has not seen.</summary>
    public static int MissingItem(int user) => 2 * (user / 2) + user % 2;

    public static bool SameBlock(int user, int item) => user % 2 == item % 2;

    public static RecommenderData Create()
    {
        var builder = new EventTable.Builder();
        for (int i = 0; i < Items; i++) builder.Items.GetOrAdd($"i{i}");
        for (int u = 0; u < Users; u++) builder.Users.GetOrAdd($"u{u}");
        long second = 1_000_000;
        for (int u = 0; u < Users; u++)
            for (int i = 0; i < Items; i++)
                if (SameBlock(u, i) && i != MissingItem(u)) builder.Add($"u{u}", $"i{i}", EventType.Click, null, second++);
        var vectors = new float[Items * Dimensions];
        for (int i = 0; i < Items; i++)
        {
            var row = vectors.AsSpan(i * Dimensions, Dimensions);
            row[i % 2] = 1f;
            row[2 + i % 2] = 0.05f * (i / 2);
            Core.Vectors.VectorMath.Normalize(row);
        }
        var catalog = Enumerable.Range(0, Items).Select(i => Item.Create($"i{i}", $"Item {i}")).ToArray();
        return new RecommenderData(builder.Build(), catalog, vectors, Dimensions);
    }
}
