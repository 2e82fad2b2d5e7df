namespace Strata.Embeddings.Onnx.Quantization;

/// <summary>
/// A serialised ONNX <c>ModelProto</c> split into the fields a graph rewriter needs: the model's own fields
/// (graph=7, opset_import=8), the graph's fields (node=1, initializer=5, input=11, output=12), parsed nodes and
/// initializers. Everything else stays encoded and is copied as is.
/// </summary>
internal sealed class OnnxModelView
{
    public const int ModelGraph = 7;
    public const int ModelOpsetImport = 8;
    public const int ModelMetadataProps = 14;
    public const int GraphNode = 1;
    public const int GraphInitializer = 5;
    public const int GraphInput = 11;
    public const int GraphOutput = 12;

    private OnnxModelView(List<ProtoField> modelFields, List<ProtoField> graphFields, List<OnnxNode> nodes,
        Dictionary<string, OnnxTensor> initializers, HashSet<string> graphOutputs, List<string> opsetDomains)
    {
        ModelFields = modelFields;
        GraphFields = graphFields;
        Nodes = nodes;
        Initializers = initializers;
        GraphOutputs = graphOutputs;
        OpsetDomains = opsetDomains;
    }

    public List<ProtoField> ModelFields { get; }
    public List<ProtoField> GraphFields { get; }
    /// <summary>Top-level graph nodes in their (topological) order.</summary>
    public List<OnnxNode> Nodes { get; }
    public Dictionary<string, OnnxTensor> Initializers { get; }
    public HashSet<string> GraphOutputs { get; }
    /// <summary>Domains of the model's opset imports (empty string for the default domain).</summary>
    public List<string> OpsetDomains { get; }

    public static OnnxModelView Parse(ReadOnlyMemory<byte> model)
    {
        var modelFields = ProtoReader.Fields(model);
        var graphs = modelFields.Where(f => f.Number == ModelGraph && f.WireType == WireType.LengthDelimited).ToList();
        if (graphs.Count != 1) throw new InvalidDataException($"An ONNX model has one graph (field {ModelGraph}); this file has {graphs.Count}.");

        var opsetDomains = new List<string>();
        foreach (var opset in modelFields.Where(f => f.Number == ModelOpsetImport))
            opsetDomains.Add(ProtoReader.Fields(opset.Payload).Where(f => f.Number == 1).Select(f => f.AsString()).FirstOrDefault() ?? "");

        var graphFields = ProtoReader.Fields(graphs[0].Payload);
        var nodes = new List<OnnxNode>();
        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in graphFields)
        {
            switch (field.Number)
            {
                case GraphNode: nodes.Add(OnnxNode.Parse(field)); break;
                case GraphInitializer:
                    var tensor = OnnxTensor.Parse(field);
                    initializers[tensor.Name] = tensor;
                    break;
                case GraphOutput: outputs.Add(ValueInfoName(field)); break;
            }
        }
        return new OnnxModelView(modelFields, graphFields, nodes, initializers, outputs, opsetDomains);
    }

    /// <summary>The name (field 1) of a <c>ValueInfoProto</c>, as found in graph inputs and outputs.</summary>
    public static string ValueInfoName(ProtoField valueInfo) =>
        ProtoReader.Fields(valueInfo.Payload).Where(f => f.Number == 1).Select(f => f.AsString()).FirstOrDefault() ?? "";
}
