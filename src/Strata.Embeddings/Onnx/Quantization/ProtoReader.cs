namespace Strata.Embeddings.Onnx.Quantization;

/// <summary>Splits a serialised protobuf message into its fields, in order, without a schema.</summary>
internal static class ProtoReader
{
    /// <summary>Every field of <paramref name="message"/>; a malformed or truncated message is an <see cref="InvalidDataException"/>.</summary>
    public static List<ProtoField> Fields(ReadOnlyMemory<byte> message)
    {
        var fields = new List<ProtoField>();
        var span = message.Span;
        int position = 0;
        while (position < span.Length)
        {
            int start = position;
            ulong tag = ReadVarint(span, ref position);
            int number = checked((int)(tag >> 3));
            var wireType = (WireType)(tag & 7);
            if (number == 0) throw new InvalidDataException($"Protobuf field number 0 at byte {start}.");
            ulong value = 0;
            ReadOnlyMemory<byte> payload = default;
            switch (wireType)
            {
                case WireType.Varint:
                    value = ReadVarint(span, ref position);
                    break;
                case WireType.Fixed64:
                    value = BitConverter.ToUInt64(Take(span, ref position, 8));
                    break;
                case WireType.Fixed32:
                    value = BitConverter.ToUInt32(Take(span, ref position, 4));
                    break;
                case WireType.LengthDelimited:
                    int length = checked((int)ReadVarint(span, ref position));
                    Take(span, ref position, length);
                    payload = message.Slice(position - length, length);
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type {(int)wireType} (field {number}) at byte {start}.");
            }
            fields.Add(new ProtoField(number, wireType, value, payload, message[start..position]));
        }
        return fields;
    }

    /// <summary>The values of a repeated integer field, whether written packed (one length-delimited run) or one per field.</summary>
    public static void AddInt64s(ProtoField field, List<long> values)
    {
        if (field.WireType == WireType.Varint)
        {
            values.Add((long)field.Value);
            return;
        }
        var span = field.Payload.Span;
        for (int position = 0; position < span.Length;) values.Add((long)ReadVarint(span, ref position));
    }

    /// <summary>Reads a base-128 varint at <paramref name="position"/> and moves past it.</summary>
    public static ulong ReadVarint(ReadOnlySpan<byte> span, ref int position)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= span.Length) throw new InvalidDataException("Protobuf message ends inside a varint.");
            byte b = span[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw new InvalidDataException("Protobuf varint longer than 10 bytes.");
    }

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> span, ref int position, int length)
    {
        if (length < 0 || position + length > span.Length)
            throw new InvalidDataException($"Protobuf field of {length} bytes at byte {position} runs past the end of its message ({span.Length} bytes).");
        var taken = span.Slice(position, length);
        position += length;
        return taken;
    }
}
