using Microsoft.ML.OnnxRuntime;

namespace Strata.Embeddings.Onnx.Quantization;

/// <summary>
/// Measures, per channel, the largest absolute value each weight product's input activation takes when the float model
/// runs over a few calibration texts: the statistics <see cref="Int8DynamicQuantizer"/> smooths with. The activations are
/// made visible by adding them as graph outputs to an in-memory copy of the model.
/// </summary>
public static class ActivationCalibrator
{
    /// <summary>The ~50 built-in calibration texts (titles with genres, product lines, headlines, accents, CJK), embedded in this assembly.</summary>
    public static IReadOnlyList<string> BuiltInTexts()
    {
        using var stream = typeof(ActivationCalibrator).Assembly.GetManifestResourceStream("Strata.Embeddings.Onnx.Quantization.calibration-texts.txt")
            ?? throw new InvalidOperationException("The calibration texts resource is missing from Strata.Embeddings.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>
    /// Per activation name (the first input of every <c>MatMul</c> with a constant float matrix), the per-channel (last
    /// axis) maximum of |x| over all tokens of all <paramref name="tokenSequences"/>, each run alone so nothing is padded.
    /// </summary>
    public static Dictionary<string, float[]> MeasureRanges(ReadOnlyMemory<byte> model, IEnumerable<long[]> tokenSequences)
    {
        var view = OnnxModelView.Parse(model);
        var names = view.Nodes
            .Where(n => n.IsStandard("MatMul") && n.Inputs.Count == 2 && view.Initializers.TryGetValue(n.Inputs[1], out var w) && w.DataType == OnnxTensor.Float && w.Dims.Length == 2)
            .Select(n => n.Inputs[0]).Distinct().ToArray();

        // The extra graph outputs are appended to the graph's own bytes, written once into the instrumented copy.
        var floatTensor = new ProtoWriter().Message(1, new ProtoWriter().Int64(1, OnnxTensor.Float)); // TypeProto.tensor_type.elem_type
        var extraOutputs = new ProtoWriter();
        foreach (var name in names) extraOutputs.Message(OnnxModelView.GraphOutput, new ProtoWriter().String(1, name).Message(2, floatTensor));
        var instrumented = new ProtoWriter(model.Length + extraOutputs.Written.Length + 64);
        foreach (var field in view.ModelFields)
        {
            if (field.Number == OnnxModelView.ModelGraph) instrumented.Bytes(OnnxModelView.ModelGraph, field.Payload.Span, extraOutputs.Written);
            else instrumented.Raw(field.Raw.Span);
        }

        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        using var session = new InferenceSession(instrumented.Written.ToArray(), options);
        var ranges = new Dictionary<string, float[]>(StringComparer.Ordinal);
        using var runOptions = new RunOptions();
        foreach (var ids in tokenSequences)
        {
            long[] shape = [1, ids.Length];
            var inputs = new Dictionary<string, OrtValue>
            {
                ["input_ids"] = OrtValue.CreateTensorValueFromMemory(ids, shape),
                ["attention_mask"] = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, ids.Length).ToArray(), shape),
            };
            if (session.InputMetadata.ContainsKey("token_type_ids")) inputs["token_type_ids"] = OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape);
            try
            {
                using var outputs = session.Run(runOptions, inputs, names);
                for (int o = 0; o < names.Length; o++)
                {
                    var values = outputs[o].GetTensorDataAsSpan<float>();
                    int channels = checked((int)outputs[o].GetTensorTypeAndShape().Shape[^1]);
                    if (!ranges.TryGetValue(names[o], out var range)) ranges[names[o]] = range = new float[channels];
                    for (int start = 0; start < values.Length; start += channels)
                        for (int c = 0; c < channels; c++) range[c] = Math.Max(range[c], Math.Abs(values[start + c]));
                }
            }
            finally
            {
                foreach (var value in inputs.Values) value.Dispose();
            }
        }
        return ranges;
    }
}
