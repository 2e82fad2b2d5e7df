namespace Strata.Embeddings.Onnx.Quantization;

/// <summary>Protocol Buffers wire types (the low three bits of a field tag). Groups (3, 4) are not used by ONNX.</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}
