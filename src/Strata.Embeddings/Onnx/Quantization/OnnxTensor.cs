using System.Runtime.InteropServices;

namespace Strata.Embeddings.Onnx.Quantization;

/// <summary>
/// An ONNX <c>TensorProto</c> initializer: dims=1, data_type=2, float_data=4, name=8, raw_data=9, data_location=14.
/// Only data held inside the file is supported (external data is an error when its values are asked for).
/// </summary>
internal sealed class OnnxTensor
{
    public const int Float = 1;
    public const int UInt8 = 2;

    private readonly List<ProtoField> _floatData;
    private readonly ReadOnlyMemory<byte> _rawData;
    private readonly bool _external;

    private OnnxTensor(ProtoField field, string name, int dataType, long[] dims, List<ProtoField> floatData, ReadOnlyMemory<byte> rawData, bool external)
    {
        Field = field;
        Name = name;
        DataType = dataType;
        Dims = dims;
        _floatData = floatData;
        _rawData = rawData;
        _external = external;
    }

    public ProtoField Field { get; }
    public string Name { get; }
    /// <summary><c>TensorProto.DataType</c>: 1 float, 3 int8, …</summary>
    public int DataType { get; }
    public long[] Dims { get; }

    public static OnnxTensor Parse(ProtoField field)
    {
        string name = "";
        int dataType = 0;
        var dims = new List<long>();
        var floatData = new List<ProtoField>();
        ReadOnlyMemory<byte> rawData = default;
        bool external = false;
        foreach (var f in ProtoReader.Fields(field.Payload))
        {
            switch (f.Number)
            {
                case 1: ProtoReader.AddInt64s(f, dims); break;
                case 2: dataType = (int)f.Value; break;
                case 4: floatData.Add(f); break;
                case 8: name = f.AsString(); break;
                case 9: rawData = f.Payload; break;
                case 14: external = f.Value == 1; break;
            }
        }
        return new OnnxTensor(field, name, dataType, [.. dims], floatData, rawData, external);
    }

    /// <summary>The values of a float tensor, from <c>raw_data</c> (little-endian) or <c>float_data</c> (packed or not).</summary>
    public float[] ReadFloats()
    {
        if (DataType != Float) throw new InvalidDataException($"Initializer '{Name}' is of ONNX type {DataType}, not float.");
        if (_external) throw new InvalidDataException($"Initializer '{Name}' keeps its data in an external file, which is not supported.");
        long count = 1;
        foreach (var d in Dims) count *= d;
        var values = new float[count];
        if (!_rawData.IsEmpty)
        {
            if (_rawData.Length != count * sizeof(float))
                throw new InvalidDataException($"Initializer '{Name}': raw_data holds {_rawData.Length} bytes, dims [{string.Join(", ", Dims)}] need {count * sizeof(float)}.");
            MemoryMarshal.Cast<byte, float>(_rawData.Span).CopyTo(values);
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw_data is little-endian.");
            return values;
        }
        int written = 0;
        foreach (var f in _floatData)
        {
            float single = BitConverter.UInt32BitsToSingle((uint)f.Value);
            ReadOnlySpan<float> source = f.WireType == WireType.Fixed32
                ? new ReadOnlySpan<float>(in single)
                : MemoryMarshal.Cast<byte, float>(f.Payload.Span);
            if (written + source.Length > values.Length) throw new InvalidDataException($"Initializer '{Name}' holds more floats than its dims.");
            source.CopyTo(values.AsSpan(written));
            written += source.Length;
        }
        if (written != values.Length) throw new InvalidDataException($"Initializer '{Name}' holds {written} floats, dims [{string.Join(", ", Dims)}] need {count}.");
        return values;
    }

    /// <summary>An encoded <c>TensorProto</c> with its values in <c>raw_data</c>.</summary>
    public static ProtoWriter Write(string name, int dataType, ReadOnlySpan<long> dims, ReadOnlySpan<byte> rawData)
    {
        var tensor = new ProtoWriter(rawData.Length + 64);
        foreach (var d in dims) tensor.Int64(1, d);
        return tensor.Int64(2, dataType).String(8, name).Bytes(9, rawData);
    }
}
