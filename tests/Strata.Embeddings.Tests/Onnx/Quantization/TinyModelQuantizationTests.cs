using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Strata.Embeddings.Onnx.Quantization;

namespace Strata.Embeddings.Tests.Onnx.Quantization;

/// <summary>
/// The quantiser on a hand-built two-node model, <c>Y = X·W + b</c>, written the way old exporters do: weights in
/// <c>float_data</c> (not <c>raw_data</c>) and listed among the graph inputs. Known answers, computed here in float.
/// </summary>
public sealed class TinyModelQuantizationTests
{
    private static readonly float[] X = [0.5f, -1.0f, 2.0f, 0.25f, -0.75f, 1.5f, 0.0f, -2.0f];            // 2 × 4
    private static readonly float[] W = [0.1f, -0.2f, 0.3f, 0.4f, 0.5f, -0.6f, -0.7f, 0.8f, 0.9f, 1.0f, -1.1f, 0.05f]; // 4 × 3
    private static readonly float[] B = [0.01f, -0.02f, 0.03f];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Quantised_matmul_with_bias_matches_the_float_product_and_drops_the_float_weight(bool smoothed)
    {
        var model = TinyModel();
        Dictionary<string, float[]>? ranges = smoothed ? new() { ["X"] = [0.75f, 1.5f, 2.0f, 2.0f] } : null;
        var quantized = Int8DynamicQuantizer.Quantize(model, ranges, out int count);

        Assert.Equal(1, count);
        var view = OnnxModelView.Parse(quantized);
        Assert.Equal(smoothed ? ["Mul", "DynamicQuantizeMatMul"] : ["DynamicQuantizeMatMul"], view.Nodes.Select(n => n.OpType));
        Assert.Equal("Y", view.Nodes[^1].Outputs[0]);         // the bias Add is folded in, its output kept
        Assert.False(view.Initializers.ContainsKey("W"));
        Assert.Equal(["X"], view.GraphFields.Where(f => f.Number == OnnxModelView.GraphInput).Select(OnnxModelView.ValueInfoName)); // W no longer an input
        Assert.True(view.Initializers.ContainsKey("b"));
        Assert.Contains("com.microsoft", view.OpsetDomains);

        var expected = new float[6];
        for (int r = 0; r < 2; r++)
            for (int j = 0; j < 3; j++)
            {
                expected[r * 3 + j] = B[j];
                for (int k = 0; k < 4; k++) expected[r * 3 + j] += X[r * 4 + k] * W[k * 3 + j];
            }
        var actual = Run(quantized);
        // Error bound: activation step (range 4 / 255) and weight step (per column max / 127), summed over k = 4 terms.
        for (int i = 0; i < 6; i++) Assert.True(Math.Abs(expected[i] - actual[i]) < 0.06, $"Y[{i}] = {actual[i]}, float {expected[i]}");
        Assert.Equal(expected, Run(model), new FloatTolerance(1e-5f)); // and the source model itself runs as written
    }

    [Fact]
    public void A_model_without_constant_weight_products_is_copied_unchanged()
    {
        var model = new ProtoWriter().Int64(1, 8).Message(8, new ProtoWriter().Int64(2, 17))
            .Message(7, new ProtoWriter().Message(1, new ProtoWriter().String(1, "X").String(1, "X").String(2, "Y").String(4, "MatMul"))).Written.ToArray();
        Assert.Equal(model, Int8DynamicQuantizer.Quantize(model, null, out int count));
        Assert.Equal(0, count);
    }

    private static float[] Run(byte[] model)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory((float[])X.Clone(), [2, 4]);
        using var outputs = session.Run(new RunOptions(), ["X"], [input], ["Y"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static byte[] TinyModel()
    {
        var graph = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "X").String(1, "W").String(2, "XW").String(3, "product").String(4, "MatMul"))
            .Message(1, new ProtoWriter().String(1, "XW").String(1, "b").String(2, "Y").String(3, "bias").String(4, "Add"))
            .String(2, "tiny")
            .Message(5, FloatTensorAsFloatData("W", [4, 3], W))
            .Message(5, OnnxTensor.Write("b", OnnxTensor.Float, [3], MemoryMarshal.AsBytes(B.AsSpan())))
            .Message(11, ValueInfo("X", 2, 4))
            .Message(11, ValueInfo("W", 4, 3))
            .Message(12, ValueInfo("Y", 2, 3));
        return new ProtoWriter().Int64(1, 8).Message(8, new ProtoWriter().Int64(2, 17)).Message(7, graph).Written.ToArray();
    }

    private static ProtoWriter FloatTensorAsFloatData(string name, long[] dims, float[] values)
    {
        var tensor = new ProtoWriter();
        foreach (var d in dims) tensor.Int64(1, d);
        return tensor.Int64(2, OnnxTensor.Float).Bytes(4, MemoryMarshal.AsBytes(values.AsSpan())).String(8, name);
    }

    private static ProtoWriter ValueInfo(string name, long rows, long columns)
    {
        var shape = new ProtoWriter().Message(1, new ProtoWriter().Int64(1, rows)).Message(1, new ProtoWriter().Int64(1, columns));
        var tensorType = new ProtoWriter().Int64(1, OnnxTensor.Float).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}
