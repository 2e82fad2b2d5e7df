using System.Numerics.Tensors;

namespace Strata.Recommend.Sequential;

/// <summary>
/// The sequential interest model's parameters and its one self-attention block (SASRec, Kang &amp; McAuley 2018, reduced to
/// what a next-interest vector needs). For a window w₀…w_{m−1} of item indices, latest last, with embeddings e_i:
/// <code>
///   q   = A · e_last                                  (A: d×d, the bilinear form W_kᵀW_q of query and key)
///   s_k = (e_{w_k} · q) / √d + b_{m−1−k}              (b: a learned bias per distance from the latest item)
///   a   = softmax(s),   ē = Σ_k a_k e_{w_k}
///   u   = e_last + V · ē                              (V: d×d; the residual keeps "more like the latest item")
/// </code>
/// u is the next-interest vector; item i scores u · e_i + β_i. Only the latest position is computed, so appending an event
/// costs O(L·d + d²) for a window of L items. Gradients are written by hand (no autodiff) and checked against finite
/// differences in the tests.
/// </summary>
public sealed class InterestAttention
{
    public InterestAttention(int items, int dimensions, int window)
    {
        Items = items;
        Dimensions = dimensions;
        Window = window;
        Embeddings = new float[items * dimensions];
        Bias = new float[items];
        Query = new float[dimensions * dimensions];
        Value = new float[dimensions * dimensions];
        Distance = new float[window];
    }

    internal InterestAttention(int dimensions, float[] embeddings, float[] bias, float[] query, float[] value, float[] distance)
    {
        Items = bias.Length;
        Dimensions = dimensions;
        Window = distance.Length;
        Embeddings = embeddings;
        Bias = bias;
        Query = query;
        Value = value;
        Distance = distance;
        if (embeddings.Length != Items * dimensions || query.Length != dimensions * dimensions || value.Length != query.Length)
            throw new InvalidDataException("Sequential model arrays do not match its sizes.");
    }

    public int Items { get; }
    public int Dimensions { get; }
    public int Window { get; }

    /// <summary>e: items × d, row-major.</summary>
    public float[] Embeddings { get; }

    /// <summary>β: one score offset per item (learns popularity under the sampled softmax).</summary>
    public float[] Bias { get; }

    /// <summary>A: d × d, row-major.</summary>
    public float[] Query { get; }

    /// <summary>V: d × d, row-major.</summary>
    public float[] Value { get; }

    /// <summary>b: attention bias per distance from the latest item (0 = the latest).</summary>
    public float[] Distance { get; }

    /// <summary>Every parameter array, in a fixed order (the optimiser and the gradient check walk them alike).</summary>
    public float[][] Arrays => [Embeddings, Bias, Query, Value, Distance];

    internal Span<float> Row(int item) => Embeddings.AsSpan(item * Dimensions, Dimensions);

    /// <summary>Intermediate values of one forward pass, kept for the backward pass.</summary>
    public sealed class Workspace
    {
        public Workspace(int dimensions, int window)
        {
            Q = new float[dimensions];
            Weights = new float[window];
            Mean = new float[dimensions];
            Interest = new float[dimensions];
            DInterest = new float[dimensions];
            DMean = new float[dimensions];
            DQ = new float[dimensions];
            DWeights = new float[window];
        }

        internal float[] Q { get; }
        internal float[] Weights { get; }
        internal float[] Mean { get; }

        /// <summary>u, the next-interest vector of the last forward pass.</summary>
        public float[] Interest { get; }
        internal float[] DInterest { get; }
        internal float[] DMean { get; }
        internal float[] DQ { get; }
        internal float[] DWeights { get; }
    }

    /// <summary>Computes u for <paramref name="window"/> (1 ≤ length ≤ <see cref="Window"/>, latest last) into <c>ws.Interest</c>.</summary>
    public void Forward(ReadOnlySpan<int> window, Workspace ws)
    {
        int d = Dimensions, m = window.Length;
        var scale = 1f / MathF.Sqrt(d);
        var last = Row(window[m - 1]);
        MatrixVector(Query, last, ws.Q);
        var weights = ws.Weights.AsSpan(0, m);
        for (int k = 0; k < m; k++) weights[k] = TensorPrimitives.Dot(Row(window[k]), ws.Q) * scale + Distance[m - 1 - k];
        TensorPrimitives.SoftMax(weights, weights);
        Array.Clear(ws.Mean);
        for (int k = 0; k < m; k++) TensorPrimitives.MultiplyAdd(Row(window[k]), weights[k], ws.Mean, ws.Mean);
        MatrixVector(Value, ws.Mean, ws.Interest);
        TensorPrimitives.Add(ws.Interest, last, ws.Interest);
    }

    /// <summary>
    /// Back-propagates dLoss/du (in <c>ws.DInterest</c>) through the forward pass of <paramref name="window"/> just run,
    /// adding every parameter's gradient into <paramref name="gradient"/> (same shapes as this).
    /// </summary>
    public void Backward(ReadOnlySpan<int> window, Workspace ws, InterestAttention gradient)
    {
        int d = Dimensions, m = window.Length;
        var scale = 1f / MathF.Sqrt(d);
        int lastItem = window[m - 1];
        var du = ws.DInterest;
        // u = e_last + V ē
        TensorPrimitives.Add(gradient.Row(lastItem), du, gradient.Row(lastItem));
        AddOuter(gradient.Value, du, ws.Mean);
        TransposeMatrixVector(Value, du, ws.DMean);
        // ē = Σ a_k e_k, a = softmax(s)
        var weights = ws.Weights.AsSpan(0, m);
        var dWeights = ws.DWeights.AsSpan(0, m);
        for (int k = 0; k < m; k++)
        {
            dWeights[k] = TensorPrimitives.Dot(ws.DMean, Row(window[k]));
            TensorPrimitives.MultiplyAdd(ws.DMean, weights[k], gradient.Row(window[k]), gradient.Row(window[k]));
        }
        var expected = TensorPrimitives.Dot(weights, dWeights);
        Array.Clear(ws.DQ);
        for (int k = 0; k < m; k++)
        {
            var ds = weights[k] * (dWeights[k] - expected);
            gradient.Distance[m - 1 - k] += ds;
            // s_k = e_k · q / √d + b
            TensorPrimitives.MultiplyAdd(Row(window[k]), ds * scale, ws.DQ, ws.DQ);
            TensorPrimitives.MultiplyAdd(ws.Q, ds * scale, gradient.Row(window[k]), gradient.Row(window[k]));
        }
        // q = A e_last
        var last = Row(lastItem);
        AddOuter(gradient.Query, ws.DQ, last);
        TransposeMatrixVector(Query, ws.DQ, ws.DMean);
        TensorPrimitives.Add(gradient.Row(lastItem), ws.DMean, gradient.Row(lastItem));
    }

    /// <summary>
    /// Sampled softmax of the next item: −log of <paramref name="target"/>'s share of exp(u·e_j + β_j) over the target and
    /// <paramref name="negatives"/> (a negative equal to the target is skipped). With a non-null <paramref name="gradient"/>
    /// the loss's gradient is added into it. <paramref name="logits"/> needs 1 + negatives.Length floats.
    /// </summary>
    public float NextItemLoss(ReadOnlySpan<int> window, int target, ReadOnlySpan<int> negatives, Workspace ws, Span<float> logits, InterestAttention? gradient)
    {
        Forward(window, ws);
        var u = ws.Interest;
        int count = 1 + negatives.Length;
        logits = logits[..count];
        logits[0] = TensorPrimitives.Dot(u, Row(target)) + Bias[target];
        for (int j = 1; j < count; j++)
            logits[j] = negatives[j - 1] == target ? float.NegativeInfinity : TensorPrimitives.Dot(u, Row(negatives[j - 1])) + Bias[negatives[j - 1]];
        var max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, logits);
        TensorPrimitives.Exp(logits, logits);
        var sum = TensorPrimitives.Sum(logits);
        var loss = -MathF.Log(logits[0] / sum);
        if (gradient is null) return loss;
        TensorPrimitives.Divide(logits, sum, logits);
        // dLoss/dz_j = p_j − [j is the target]
        logits[0] -= 1f;
        var du = ws.DInterest;
        Array.Clear(du);
        for (int j = 0; j < count; j++)
        {
            var dz = logits[j];
            if (dz == 0f) continue;
            var item = j == 0 ? target : negatives[j - 1];
            TensorPrimitives.MultiplyAdd(Row(item), dz, du, du);
            TensorPrimitives.MultiplyAdd(u, dz, gradient.Row(item), gradient.Row(item));
            gradient.Bias[item] += dz;
        }
        Backward(window, ws, gradient);
        return loss;
    }

    /// <summary>u · e_i + β_i for every item.</summary>
    public void ScoreAll(ReadOnlySpan<float> interest, Span<float> scores)
    {
        Core.Vectors.VectorMath.DotAll(Embeddings, Dimensions, interest, scores[..Items]);
        TensorPrimitives.Add(scores[..Items], Bias, scores[..Items]);
    }

    private void MatrixVector(float[] matrix, ReadOnlySpan<float> x, Span<float> y)
    {
        int d = Dimensions;
        for (int r = 0; r < d; r++) y[r] = TensorPrimitives.Dot(matrix.AsSpan(r * d, d), x);
    }

    private void TransposeMatrixVector(float[] matrix, ReadOnlySpan<float> x, Span<float> y)
    {
        int d = Dimensions;
        y.Clear();
        for (int r = 0; r < d; r++) TensorPrimitives.MultiplyAdd(matrix.AsSpan(r * d, d), x[r], y, y);
    }

    /// <summary>matrix += a ⊗ b.</summary>
    private void AddOuter(float[] matrix, ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        int d = Dimensions;
        for (int r = 0; r < d; r++) TensorPrimitives.MultiplyAdd(b, a[r], matrix.AsSpan(r * d, d), matrix.AsSpan(r * d, d));
    }
}
