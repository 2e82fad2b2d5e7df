using System.Numerics.Tensors;

namespace Strata.Core.Vectors;

/// <summary>SIMD helpers over contiguous float buffers (TensorPrimitives). Vectors are rows of a row-major matrix.</summary>
public static class VectorMath
{
    /// <summary>Scales <paramref name="vector"/> to unit L2 norm in place; returns the original norm (0 leaves it unchanged).</summary>
    public static float Normalize(Span<float> vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0f) TensorPrimitives.Divide(vector, norm, vector);
        return norm;
    }

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.Dot(a, b);

    public static float Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b) => TensorPrimitives.CosineSimilarity(a, b);

    /// <summary>Row <paramref name="row"/> of a row-major matrix with <paramref name="dimensions"/> columns.</summary>
    public static Span<float> Row(float[] matrix, int row, int dimensions) => matrix.AsSpan(row * dimensions, dimensions);

    /// <summary>scores[i] = dot(matrix row i, query) for every row.</summary>
    public static void DotAll(ReadOnlySpan<float> matrix, int dimensions, ReadOnlySpan<float> query, Span<float> scores)
    {
        for (int i = 0; i < scores.Length; i++)
            scores[i] = TensorPrimitives.Dot(matrix.Slice(i * dimensions, dimensions), query);
    }
}
