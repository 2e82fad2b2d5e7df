using CsCheck;
using Strata.Recommend.Linear;

namespace Strata.Recommend.Tests.Linear;

public sealed class SymmetricPositiveDefiniteTests
{
    /// <summary>
    /// A·A⁻¹ = I for random SPD matrices (XᵀX + I) of sizes around the 64-wide tiles and the 8- and 16-column
    /// micro-kernel blocks, so every edge path of the tiled Cholesky and its kernels is exercised.
    /// </summary>
    [Fact]
    public void The_inverse_times_the_matrix_is_the_identity()
    {
        Gen.Select(Gen.Int[1, 150], Gen.Int[0, 10_000]).Sample((n, seed) =>
        {
            var random = new Random(seed);
            var x = new double[n * n];
            for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble() - 0.5;
            var a = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = i == j ? 1 : 0;
                    for (int p = 0; p < n; p++) sum += x[p * n + i] * x[p * n + j];
                    a[i * n + j] = sum;
                }
            var inverse = (double[])a.Clone();
            SymmetricPositiveDefinite.Invert(inverse, n);
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double sum = 0;
                    for (int p = 0; p < n; p++) sum += a[i * n + p] * inverse[p * n + j];
                    Assert.Equal(i == j ? 1.0 : 0.0, sum, 1e-8);
                }
        }, iter: 40);
    }
}
