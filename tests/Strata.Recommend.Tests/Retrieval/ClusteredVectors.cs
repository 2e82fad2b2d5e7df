using Strata.Core.Vectors;

namespace Strata.Recommend.Tests.Retrieval;

/// <summary>Seeded unit vectors around a few random centres (what item embeddings look like: topics with spread).</summary>
internal static class ClusteredVectors
{
    public static float[] Create(int count, int dimensions, int centres, float spread, int seed)
    {
        var random = new Random(seed);
        var centre = new float[centres * dimensions];
        for (int x = 0; x < centre.Length; x++) centre[x] = Gaussian(random);
        for (int c = 0; c < centres; c++) VectorMath.Normalize(centre.AsSpan(c * dimensions, dimensions));
        var vectors = new float[count * dimensions];
        for (int i = 0; i < count; i++)
        {
            var row = vectors.AsSpan(i * dimensions, dimensions);
            var c = random.Next(centres);
            for (int d = 0; d < dimensions; d++) row[d] = centre[c * dimensions + d] + spread * Gaussian(random) / MathF.Sqrt(dimensions);
            VectorMath.Normalize(row);
        }
        return vectors;
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
