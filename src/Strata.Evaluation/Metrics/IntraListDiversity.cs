using System.Numerics.Tensors;

namespace Strata.Evaluation.Metrics;

/// <summary>
/// Intra-list diversity of one list: 1 − mean pairwise cosine similarity of its items' vectors
/// (row-major <c>vectors</c>, <c>dimensions</c> wide). A list of fewer than two items has no pairs: NaN.
/// Zero vectors (items without text) have cosine 0 with everything.
/// </summary>
public static class IntraListDiversity
{
    public const string Name = "diversity";

    public static double Measure(ReadOnlySpan<int> list, float[] vectors, int dimensions)
    {
        if (list.Length < 2) return double.NaN;
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < list.Length; a++)
        {
            var va = vectors.AsSpan(list[a] * dimensions, dimensions);
            var normA = TensorPrimitives.Norm(va);
            for (int b = a + 1; b < list.Length; b++)
            {
                var vb = vectors.AsSpan(list[b] * dimensions, dimensions);
                var norms = normA * TensorPrimitives.Norm(vb);
                sum += norms > 0 ? TensorPrimitives.Dot(va, vb) / norms : 0;
                pairs++;
            }
        }
        return 1.0 - sum / pairs;
    }
}
