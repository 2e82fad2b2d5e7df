using System.Runtime.InteropServices;

namespace Strata.Recommend.Persistence;

/// <summary>Arrays of unmanaged values in model files: a length, then the little-endian bytes.</summary>
internal static class BinaryArrays
{
    public static void WriteArray<T>(this BinaryWriter writer, T[] values) where T : unmanaged
    {
        writer.Write(values.LongLength);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    public static T[] ReadArray<T>(this BinaryReader reader) where T : unmanaged
    {
        var length = reader.ReadInt64();
        if (length < 0 || length > Array.MaxLength) throw new InvalidDataException($"Array length {length} in the model file.");
        var values = new T[length];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        // ReadExactly throws on a truncated file instead of leaving zeros.
        reader.BaseStream.ReadExactly(bytes);
        return values;
    }
}
