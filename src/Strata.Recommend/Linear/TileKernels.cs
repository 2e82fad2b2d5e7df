using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Strata.Recommend.Linear;

/// <summary>
/// The two kernels every tiled dense routine here is built from, over row-major <c>double</c> tiles addressed by
/// pointer and leading dimension: a product update <c>C += s·A·Bᵀ</c> (register-blocked, B packed transposed so the
/// inner loop is broadcast-FMA over contiguous rows) and a right triangular solve <c>X ← X·L⁻ᵀ</c>.
/// </summary>
internal static unsafe class TileKernels
{
    /// <summary>Largest tile edge the packing buffer must hold.</summary>
    public const int MaxTile = 64;

    /// <summary>
    /// C[i,j] += sign · Σ_p A[i,p]·B[j,p] for i &lt; m, j &lt; n, p &lt; k. <paramref name="pack"/> holds at least k·n doubles.
    /// </summary>
    // Hot enough that tier-0 code would dominate a solve: compile it optimised from the first call.
    [SkipLocalsInit, MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAddTransposed(double* c, int ldc, double* a, int lda, double* b, int ldb,
        int m, int n, int k, double sign, double* pack)
    {
        // Pack Bᵀ (k × n, row p = column p of B) so the micro-kernel reads rows of it contiguously.
        for (int j = 0; j < n; j++)
        {
            var bRow = b + (long)j * ldb;
            for (int p = 0; p < k; p++) pack[p * n + j] = bRow[p];
        }

        var s = Vector256.Create(sign);
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            var a0 = a + (long)i * lda; var a1 = a0 + lda; var a2 = a1 + lda; var a3 = a2 + lda;
            var c0 = c + (long)i * ldc; var c1 = c0 + ldc; var c2 = c1 + ldc; var c3 = c2 + ldc;
            int j = 0;
            // AVX-512: the same 4-row block over 16 columns, twice the work per instruction.
            if (Vector512.IsHardwareAccelerated)
            {
                var s512 = Vector512.Create(sign);
                for (; j + 16 <= n; j += 16)
                {
                    Vector512<double> x00 = default, x01 = default, x10 = default, x11 = default,
                        x20 = default, x21 = default, x30 = default, x31 = default;
                    var bp = pack + j;
                    for (int p = 0; p < k; p++, bp += n)
                    {
                        var b0 = Vector512.Load(bp);
                        var b1 = Vector512.Load(bp + 8);
                        var v0 = Vector512.Create(a0[p]);
                        x00 = Vector512.FusedMultiplyAdd(v0, b0, x00); x01 = Vector512.FusedMultiplyAdd(v0, b1, x01);
                        var v1 = Vector512.Create(a1[p]);
                        x10 = Vector512.FusedMultiplyAdd(v1, b0, x10); x11 = Vector512.FusedMultiplyAdd(v1, b1, x11);
                        var v2 = Vector512.Create(a2[p]);
                        x20 = Vector512.FusedMultiplyAdd(v2, b0, x20); x21 = Vector512.FusedMultiplyAdd(v2, b1, x21);
                        var v3 = Vector512.Create(a3[p]);
                        x30 = Vector512.FusedMultiplyAdd(v3, b0, x30); x31 = Vector512.FusedMultiplyAdd(v3, b1, x31);
                    }
                    Accumulate(c0 + j, x00, x01, s512); Accumulate(c1 + j, x10, x11, s512);
                    Accumulate(c2 + j, x20, x21, s512); Accumulate(c3 + j, x30, x31, s512);
                }
            }
            for (; j + 8 <= n; j += 8)
            {
                Vector256<double> x00 = default, x01 = default, x10 = default, x11 = default,
                    x20 = default, x21 = default, x30 = default, x31 = default;
                var bp = pack + j;
                for (int p = 0; p < k; p++, bp += n)
                {
                    var b0 = Vector256.Load(bp);
                    var b1 = Vector256.Load(bp + 4);
                    var v0 = Vector256.Create(a0[p]);
                    x00 = Vector256.FusedMultiplyAdd(v0, b0, x00); x01 = Vector256.FusedMultiplyAdd(v0, b1, x01);
                    var v1 = Vector256.Create(a1[p]);
                    x10 = Vector256.FusedMultiplyAdd(v1, b0, x10); x11 = Vector256.FusedMultiplyAdd(v1, b1, x11);
                    var v2 = Vector256.Create(a2[p]);
                    x20 = Vector256.FusedMultiplyAdd(v2, b0, x20); x21 = Vector256.FusedMultiplyAdd(v2, b1, x21);
                    var v3 = Vector256.Create(a3[p]);
                    x30 = Vector256.FusedMultiplyAdd(v3, b0, x30); x31 = Vector256.FusedMultiplyAdd(v3, b1, x31);
                }
                Accumulate(c0 + j, x00, x01, s); Accumulate(c1 + j, x10, x11, s);
                Accumulate(c2 + j, x20, x21, s); Accumulate(c3 + j, x30, x31, s);
            }
            for (; j < n; j++)
            {
                double y0 = 0, y1 = 0, y2 = 0, y3 = 0;
                for (int p = 0; p < k; p++)
                {
                    var bv = pack[p * n + j];
                    y0 += a0[p] * bv; y1 += a1[p] * bv; y2 += a2[p] * bv; y3 += a3[p] * bv;
                }
                c0[j] += sign * y0; c1[j] += sign * y1; c2[j] += sign * y2; c3[j] += sign * y3;
            }
        }
        for (; i < m; i++)
        {
            var ai = a + (long)i * lda;
            var ci = c + (long)i * ldc;
            for (int j = 0; j < n; j++)
            {
                double y = 0;
                for (int p = 0; p < k; p++) y += ai[p] * pack[p * n + j];
                ci[j] += sign * y;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(double* c, Vector512<double> lo, Vector512<double> hi, Vector512<double> sign)
    {
        Vector512.FusedMultiplyAdd(lo, sign, Vector512.Load(c)).Store(c);
        Vector512.FusedMultiplyAdd(hi, sign, Vector512.Load(c + 8)).Store(c + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(double* c, Vector256<double> lo, Vector256<double> hi, Vector256<double> sign)
    {
        Vector256.FusedMultiplyAdd(lo, sign, Vector256.Load(c)).Store(c);
        Vector256.FusedMultiplyAdd(hi, sign, Vector256.Load(c + 4)).Store(c + 4);
    }

    /// <summary>
    /// Solves X·Lᵀ = R for each of <paramref name="rows"/> rows of R in place, L (size × size) lower triangular:
    /// x[c] = (r[c] − Σ_{p&lt;c} x[p]·L[c,p]) / L[c,c].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SolveRowsLowerTransposed(double* x, int ldx, int rows, double* l, int ldl, int size)
    {
        for (int r = 0; r < rows; r++)
        {
            var xr = new Span<double>(x + (long)r * ldx, size);
            for (int col = 0; col < size; col++)
            {
                var lRow = new ReadOnlySpan<double>(l + (long)col * ldl, col);
                xr[col] = (xr[col] - System.Numerics.Tensors.TensorPrimitives.Dot(xr[..col], lRow)) / l[(long)col * ldl + col];
            }
        }
    }

    /// <summary>
    /// In-place unblocked Cholesky of a size × size diagonal tile (lower triangle read and written).
    /// Returns false when the tile is not positive definite.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool FactorDiagonal(double* a, int lda, int size)
    {
        for (int j = 0; j < size; j++)
        {
            var rowJ = new ReadOnlySpan<double>(a + (long)j * lda, j);
            var d = a[(long)j * lda + j] - System.Numerics.Tensors.TensorPrimitives.Dot(rowJ, rowJ);
            if (!(d > 0)) return false;
            var root = Math.Sqrt(d);
            a[(long)j * lda + j] = root;
            for (int i = j + 1; i < size; i++)
            {
                var rowI = new ReadOnlySpan<double>(a + (long)i * lda, j);
                a[(long)i * lda + j] = (a[(long)i * lda + j] - System.Numerics.Tensors.TensorPrimitives.Dot(rowI, rowJ)) / root;
            }
        }
        return true;
    }
}
