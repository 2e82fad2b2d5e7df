using CsCheck;
using Strata.Embeddings.Onnx.Quantization;

namespace Strata.Embeddings.Tests.Onnx.Quantization;

public sealed class ProtoWireTests
{
    [Fact]
    public void Written_fields_read_back_with_their_values_and_raw_bytes_in_order()
    {
        Gen.Select(Gen.Long, Gen.String, Gen.Byte.Array[0, 300], Gen.Int[1, 536_870_911]).Sample((number, text, bytes, field) =>
        {
            var nested = new ProtoWriter().Int64(1, number).String(2, text);
            var written = new ProtoWriter().Int64(field, number).String(3, text).Bytes(4, bytes).Message(5, nested).Written.ToArray();

            var fields = ProtoReader.Fields(written);
            Assert.Equal([field, 3, 4, 5], fields.Select(f => f.Number));
            Assert.Equal(number, (long)fields[0].Value);
            Assert.Equal(text, fields[1].AsString());
            Assert.Equal(bytes, fields[2].Payload.ToArray());
            Assert.Equal(nested.Written.ToArray(), fields[3].Payload.ToArray());
            Assert.Equal(written, fields.SelectMany(f => f.Raw.ToArray()));  // raw copies reproduce the message exactly
        });
    }

    [Fact]
    public void Packed_and_unpacked_repeated_integers_read_the_same()
    {
        var unpacked = ProtoReader.Fields(new ProtoWriter().Int64(1, 30522).Int64(1, 384).Written.ToArray());
        var packedPayload = new ProtoWriter().Raw([0xBA, 0xEE, 0x01, 0x80, 0x03]).Written.ToArray(); // varints 30522, 384
        var packed = ProtoReader.Fields(new ProtoWriter().Bytes(1, packedPayload).Written.ToArray());
        List<long> a = [], b = [];
        foreach (var f in unpacked) ProtoReader.AddInt64s(f, a);
        foreach (var f in packed) ProtoReader.AddInt64s(f, b);
        Assert.Equal([30522L, 384L], a);
        Assert.Equal(a, b);
    }

    [Fact]
    public void A_truncated_message_is_an_error_not_a_short_read()
    {
        var written = new ProtoWriter().Bytes(9, new byte[100]).Written.ToArray();
        Assert.Throws<InvalidDataException>(() => ProtoReader.Fields(written.AsMemory(0, 50)));
        Assert.Throws<InvalidDataException>(() => ProtoReader.Fields(new byte[] { 0x08, 0x80 }));  // varint cut short
    }
}
