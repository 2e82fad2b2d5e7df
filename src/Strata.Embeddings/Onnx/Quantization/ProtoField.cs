using System.Text;

namespace Strata.Embeddings.Onnx.Quantization;

/// <summary>
/// One field of a serialised protobuf message. <see cref="Raw"/> is the field exactly as it was encoded (tag included),
/// so a rewriter copies every field it does not touch byte for byte.
/// </summary>
/// <param name="Number">Field number.</param>
/// <param name="WireType">How the value is encoded.</param>
/// <param name="Value">The value of a varint or fixed-width field (fixed-width fields bit for bit); 0 for length-delimited ones.</param>
/// <param name="Payload">The bytes of a length-delimited field (string, bytes, sub-message, packed array); empty otherwise.</param>
/// <param name="Raw">Tag plus value, as found in the message.</param>
internal readonly record struct ProtoField(int Number, WireType WireType, ulong Value, ReadOnlyMemory<byte> Payload, ReadOnlyMemory<byte> Raw)
{
    /// <summary>The payload read as UTF-8 text.</summary>
    public string AsString() => Encoding.UTF8.GetString(Payload.Span);
}
