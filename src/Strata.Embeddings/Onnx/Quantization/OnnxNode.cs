namespace Strata.Embeddings.Onnx.Quantization;

/// <summary>The parts of an ONNX <c>NodeProto</c> the quantiser reads (input=1, output=2, name=3, op_type=4, domain=7), plus its encoded field.</summary>
internal sealed class OnnxNode
{
    public required ProtoField Field { get; init; }
    public required string Name { get; init; }
    public required string OpType { get; init; }
    /// <summary>Operator set domain; empty for the default <c>ai.onnx</c> domain.</summary>
    public required string Domain { get; init; }
    public required List<string> Inputs { get; init; }
    public required List<string> Outputs { get; init; }

    /// <summary>True for an operator of the default ONNX domain called <paramref name="opType"/>.</summary>
    public bool IsStandard(string opType) => OpType == opType && Domain is "" or "ai.onnx";

    public static OnnxNode Parse(ProtoField field)
    {
        string name = "", opType = "", domain = "";
        List<string> inputs = [], outputs = [];
        foreach (var f in ProtoReader.Fields(field.Payload))
        {
            switch (f.Number)
            {
                case 1: inputs.Add(f.AsString()); break;
                case 2: outputs.Add(f.AsString()); break;
                case 3: name = f.AsString(); break;
                case 4: opType = f.AsString(); break;
                case 7: domain = f.AsString(); break;
            }
        }
        return new OnnxNode { Field = field, Name = name, OpType = opType, Domain = domain, Inputs = inputs, Outputs = outputs };
    }

    /// <summary>An encoded <c>NodeProto</c> without attributes.</summary>
    public static ProtoWriter Write(string name, string opType, string domain, IEnumerable<string> inputs, IEnumerable<string> outputs)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs) node.String(1, input);
        foreach (var output in outputs) node.String(2, output);
        node.String(3, name).String(4, opType);
        if (domain.Length > 0) node.String(7, domain);
        return node;
    }
}
