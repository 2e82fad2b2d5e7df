namespace Strata.Recommend.Linear;

/// <summary>
/// Inverse of a symmetric positive-definite matrix (the Gram matrix + regulariser of EASE) by a tiled Cholesky
/// factorisation A = L·Lᵀ, the transposed triangular inverse V = L⁻ᵀ, and A⁻¹ = V·Vᵀ — LAPACK's potrf/trtri/lauum
/// in ~n³/2 multiply-adds, over contiguous row-major <c>double</c> arrays, each stage parallel over tile rows.
/// </summary>
public static unsafe class SymmetricPositiveDefinite
{
    private const int Tile = TileKernels.MaxTile;

    /// <summary>
    /// Replaces <paramref name="matrix"/> (n × n row-major, only the lower triangle is read) with its full symmetric inverse.
    /// Throws <see cref="ArgumentException"/> when the matrix is not positive definite.
    /// </summary>
    public static void Invert(double[] matrix, int n, CancellationToken cancellationToken = default)
    {
        if (matrix.Length < (long)n * n) throw new ArgumentException($"Expected {n}×{n} values.", nameof(matrix));
        if (n == 0) return;
        Factor(matrix, n, cancellationToken);
        var upper = new double[(long)n * n];
        InvertFactorTransposed(matrix, upper, n, cancellationToken);
        MultiplyByTranspose(upper, matrix, n, cancellationToken);
    }

    /// <summary>Right-looking tiled Cholesky: the lower triangle of <paramref name="a"/> becomes L.</summary>
    internal static void Factor(double[] a, int n, CancellationToken cancellationToken)
    {
        int tiles = (n + Tile - 1) / Tile;
        for (int k = 0; k < tiles; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int k0 = k * Tile, kb = Math.Min(Tile, n - k0);
            fixed (double* p = a)
            {
                if (!TileKernels.FactorDiagonal(p + (long)k0 * n + k0, n, kb))
                    throw new ArgumentException("The matrix is not positive definite (increase the regularisation).");
            }
            int kk = k;
            Parallel.For(k + 1, tiles, i =>
            {
                int i0 = i * Tile, ib = Math.Min(Tile, n - i0);
                fixed (double* p = a)
                    TileKernels.SolveRowsLowerTransposed(p + (long)i0 * n + k0, n, ib, p + (long)k0 * n + k0, n, kb);
            });
            Parallel.For(k + 1, tiles, i =>
            {
                int i0 = i * Tile, ib = Math.Min(Tile, n - i0);
                double* pack = stackalloc double[Tile * Tile];
                fixed (double* p = a)
                {
                    for (int j = kk + 1; j <= i; j++)
                    {
                        int j0 = j * Tile, jb = Math.Min(Tile, n - j0);
                        TileKernels.MultiplyAddTransposed(p + (long)i0 * n + j0, n, p + (long)i0 * n + k0, n,
                            p + (long)j0 * n + k0, n, ib, jb, kb, -1.0, pack);
                    }
                }
            });
        }
    }

    /// <summary>V = L⁻ᵀ (upper triangular) from V·Lᵀ = I, one independent block row of V per task.</summary>
    private static void InvertFactorTransposed(double[] l, double[] v, int n, CancellationToken cancellationToken)
    {
        int tiles = (n + Tile - 1) / Tile;
        Parallel.For(0, tiles, new ParallelOptions { CancellationToken = cancellationToken }, j =>
        {
            int j0 = j * Tile, jb = Math.Min(Tile, n - j0);
            double* pack = stackalloc double[Tile * Tile];
            fixed (double* pl = l)
            fixed (double* pv = v)
            {
                for (int r = 0; r < jb; r++) pv[(long)(j0 + r) * n + j0 + r] = 1.0;
                for (int i = j; i < tiles; i++)
                {
                    int i0 = i * Tile, ib = Math.Min(Tile, n - i0);
                    var target = pv + (long)j0 * n + i0;
                    // V_ji·L_iiᵀ = δ_ji·I − Σ_{k=j}^{i−1} V_jk·L_ikᵀ
                    for (int k = j; k < i; k++)
                    {
                        int k0 = k * Tile;
                        TileKernels.MultiplyAddTransposed(target, n, pv + (long)j0 * n + k0, n, pl + (long)i0 * n + k0, n,
                            jb, ib, Tile, -1.0, pack);
                    }
                    TileKernels.SolveRowsLowerTransposed(target, n, jb, pl + (long)i0 * n + i0, n, ib);
                }
            }
        });
    }

    /// <summary>P = V·Vᵀ into <paramref name="p"/> (full symmetric), V upper triangular.</summary>
    private static void MultiplyByTranspose(double[] v, double[] p, int n, CancellationToken cancellationToken)
    {
        int tiles = (n + Tile - 1) / Tile;
        Array.Clear(p);
        Parallel.For(0, tiles, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            int i0 = i * Tile, ib = Math.Min(Tile, n - i0);
            double* pack = stackalloc double[Tile * Tile];
            fixed (double* pv = v)
            fixed (double* pp = p)
            {
                for (int j = 0; j <= i; j++)
                {
                    int j0 = j * Tile, jb = Math.Min(Tile, n - j0);
                    // P_ij = Σ_{k≥i} V_ik·V_jkᵀ (V_ik is zero for k < i).
                    for (int k = i; k < tiles; k++)
                    {
                        int k0 = k * Tile, kb = Math.Min(Tile, n - k0);
                        TileKernels.MultiplyAddTransposed(pp + (long)i0 * n + j0, n, pv + (long)i0 * n + k0, n,
                            pv + (long)j0 * n + k0, n, ib, jb, kb, 1.0, pack);
                    }
                }
            }
        });
        // Mirror the lower triangle tile by tile, so both reads and writes stay within cache-sized blocks.
        Parallel.For(0, tiles, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            int i0 = i * Tile, i1 = Math.Min(n, i0 + Tile);
            for (int j0 = 0; j0 <= i0; j0 += Tile)
                for (int r = i0; r < i1; r++)
                    for (int c = j0; c < Math.Min(r, j0 + Tile); c++)
                        p[(long)c * n + r] = p[(long)r * n + c];
        });
    }
}
