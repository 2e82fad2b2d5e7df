using Xunit.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Strata.Embeddings.Onnx;
using Strata.Embeddings.Onnx.Quantization;

namespace Strata.Embeddings.Tests.Onnx.Quantization;

public sealed class Int8DynamicQuantizerTests(ITestOutputHelper output)
{
    [Fact]
    public void The_quantised_minilm_has_no_float_matmul_on_a_constant_weight_and_loads_in_onnx_runtime()
    {
        using var temp = new TempDirectory();
        var floatView = OnnxModelView.Parse(File.ReadAllBytes(ModelResources.ExtractModel(SentenceEncoderModel.MiniLM, temp.Path)));
        var path = ModelResources.ExtractModel(SentenceEncoderModel.MiniLMInt8, temp.Path);
        var view = OnnxModelView.Parse(File.ReadAllBytes(path));

        int before = ConstantWeightMatMuls(floatView);
        output.WriteLine($"float: {before} constant-weight MatMuls, {floatView.Nodes.Count} nodes, {new FileInfo(Path.Combine(temp.Path, "minilm.onnx")).Length} bytes; " +
                         $"int8: {view.Nodes.Count} nodes, {new FileInfo(path).Length} bytes");
        Assert.True(before >= 36, $"all-MiniLM-L6-v2 has 6 layers × 6 weight matrices; found {before}");
        Assert.Equal(0, ConstantWeightMatMuls(view));
        Assert.Equal(before, view.Nodes.Count(n => n.OpType == "DynamicQuantizeMatMul" && n.Domain == "com.microsoft"));
        Assert.Contains("com.microsoft", view.OpsetDomains);
        foreach (var weight in floatView.Nodes.Where(n => n.IsStandard("MatMul")).Select(n => n.Inputs[1]).Where(floatView.Initializers.ContainsKey))
            Assert.False(view.Initializers.ContainsKey(weight), $"float weight '{weight}' left behind");
        // Each product's bias Add is folded into it; each of the 4 distinct product inputs per layer gets one smoothing Mul.
        Assert.Equal(floatView.Nodes.Count - before + 24, view.Nodes.Count);
        Assert.Equal(24, view.Nodes.Count(n => n.IsStandard("Mul") && n.Outputs[0].EndsWith("_smoothed", StringComparison.Ordinal)));
        Assert.True(new FileInfo(path).Length < 0.7 * new FileInfo(Path.Combine(temp.Path, "minilm.onnx")).Length); // the 47 MB word embeddings stay float

        using var session = new InferenceSession(path);
        Assert.Equal(384, session.OutputMetadata["last_hidden_state"].Dimensions[^1]);
    }

    [Fact]
    public void Re_extraction_is_idempotent_and_a_torn_file_is_quantised_again_to_the_same_bytes()
    {
        using var temp = new TempDirectory();
        var path = ModelResources.ExtractModel(SentenceEncoderModel.MiniLMInt8, temp.Path);
        var bytes = File.ReadAllBytes(path);
        var written = File.GetLastWriteTimeUtc(path);

        Assert.Equal(path, ModelResources.ExtractModel(SentenceEncoderModel.MiniLMInt8, temp.Path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));

        using (var file = new FileStream(path, FileMode.Open)) file.SetLength(bytes.Length - 1);
        ModelResources.ExtractModel(SentenceEncoderModel.MiniLMInt8, temp.Path);
        Assert.Equal(bytes, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path)); // no temporary file, and no float copy needed
    }

    private static int ConstantWeightMatMuls(OnnxModelView view) => view.Nodes.Count(n =>
        n.IsStandard("MatMul") && view.Initializers.TryGetValue(n.Inputs[1], out var w) && w.DataType == OnnxTensor.Float && w.Dims.Length == 2);
}
