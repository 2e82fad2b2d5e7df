using System.Runtime.InteropServices;

namespace Strata.Recommend.Retrieval;

/// <summary>
/// The C API of USearch's native library (<c>libusearch_c</c>, shipped in the Cloud.Unum.USearch package), called
/// directly: the package's managed binding cannot reserve capacity ahead of concurrent inserts and allocates its result
/// arrays on every search. Enum values are the C header's (<c>usearch_scalar_f32_k = 1</c> …), not the binding's.
/// </summary>
internal static unsafe partial class USearchNative
{
    private const string Library = "usearch_c";

    public const uint MetricInnerProduct = 2;
    public const uint ScalarFloat32 = 1;
    public const uint ScalarFloat16 = 3;
    public const uint ScalarInt8 = 4;

    [StructLayout(LayoutKind.Sequential)]
    public struct InitOptions
    {
        public uint MetricKind;
        public nint Metric;
        public uint Quantization;
        public nuint Dimensions;
        public nuint Connectivity;
        public nuint ExpansionAdd;
        public nuint ExpansionSearch;
        [MarshalAs(UnmanagedType.U1)] public bool Multi;
    }

    [LibraryImport(Library, EntryPoint = "usearch_init")]
    public static partial nint Init(InitOptions* options, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_free")]
    public static partial void Free(nint index, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_reserve")]
    public static partial void Reserve(nint index, nuint capacity, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_add")]
    public static partial void ChangeThreadsAdd(nint index, nuint threads, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_change_threads_search")]
    public static partial void ChangeThreadsSearch(nint index, nuint threads, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_change_expansion_search")]
    public static partial void ChangeExpansionSearch(nint index, nuint expansion, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_add")]
    public static partial void Add(nint index, ulong key, void* vector, uint vectorKind, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_search")]
    public static partial nuint Search(nint index, void* query, uint queryKind, nuint count, ulong* keys, float* distances, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_filtered_search")]
    public static partial nuint FilteredSearch(nint index, void* query, uint queryKind, nuint count,
        delegate* unmanaged[Cdecl]<ulong, void*, int> filter, void* filterState, ulong* keys, float* distances, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_size")]
    public static partial nuint Size(nint index, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_dimensions")]
    public static partial nuint Dimensions(nint index, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_memory_usage")]
    public static partial nuint MemoryUsage(nint index, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_save", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Save(nint index, string path, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_load", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Load(nint index, string path, nint* error);

    [LibraryImport(Library, EntryPoint = "usearch_metadata", StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Metadata(string path, InitOptions* options, nint* error);

    /// <summary>Throws when a call reported an error (the message is static in the library: never freed).</summary>
    public static void Check(nint error, string operation)
    {
        if (error != 0) throw new InvalidOperationException($"USearch {operation}: {Marshal.PtrToStringUTF8(error)}");
    }
}
