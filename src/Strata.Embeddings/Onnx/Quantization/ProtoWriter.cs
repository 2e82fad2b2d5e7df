using System.Buffers;
using System.Text;

namespace Strata.Embeddings.Onnx.Quantization;

/// <summary>Appends protobuf fields to a growing buffer. Sub-messages are written into their own writer first, then embedded.</summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public ProtoWriter(int initialCapacity = 256) => _buffer = new ArrayBufferWriter<byte>(initialCapacity);

    /// <summary>Everything written so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>An already-encoded field (or several), copied as is.</summary>
    public ProtoWriter Raw(ReadOnlySpan<byte> encoded)
    {
        _buffer.Write(encoded);
        return this;
    }

    public ProtoWriter Int64(int number, long value)
    {
        Tag(number, WireType.Varint);
        Varint((ulong)value);
        return this;
    }

    public ProtoWriter Bytes(int number, ReadOnlySpan<byte> value)
    {
        Tag(number, WireType.LengthDelimited);
        Varint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    /// <summary>One length-delimited field whose payload is <paramref name="first"/> followed by <paramref name="second"/>.</summary>
    public ProtoWriter Bytes(int number, ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        Tag(number, WireType.LengthDelimited);
        Varint((ulong)(first.Length + second.Length));
        _buffer.Write(first);
        _buffer.Write(second);
        return this;
    }

    public ProtoWriter String(int number, string value) => Bytes(number, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int number, ProtoWriter message) => Bytes(number, message.Written);

    private void Tag(int number, WireType wireType) => Varint(((ulong)number << 3) | (ulong)wireType);

    private void Varint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        int length = 0;
        while (value >= 0x80)
        {
            span[length++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[length++] = (byte)value;
        _buffer.Advance(length);
    }
}
