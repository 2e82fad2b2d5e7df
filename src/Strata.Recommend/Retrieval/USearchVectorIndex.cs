using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Strata.Recommend.Retrieval;

/// <summary>
/// Approximate search on an HNSW graph (Malkov &amp; Yashunin 2018) built by USearch's native library, inner-product
/// metric over unit vectors (score = 1 − distance = cosine). Inserts run in parallel (so the graph, and rarely a result,
/// varies between builds unless <see cref="VectorIndexOptions.BuildThreads"/> is 1); searches are thread-safe and
/// allocate nothing for k ≤ 1,024. Exclusions are applied inside the graph walk (filtered search), so k results are
/// still returned when many neighbours are excluded.
/// </summary>
public sealed unsafe class USearchVectorIndex : IVectorIndex
{
    private const int StackResults = 1024;

    private readonly nint _index;
    private readonly SemaphoreSlim _searchSlots;
    private bool _disposed;

    private USearchVectorIndex(nint index, int count, int dimensions, int maxConcurrentSearches)
    {
        _index = index;
        Count = count;
        Dimensions = dimensions;
        _searchSlots = new SemaphoreSlim(maxConcurrentSearches, maxConcurrentSearches);
    }

    public int Count { get; }
    public int Dimensions { get; }
    public bool IsExact => false;

    /// <summary>Bytes the native index holds (vectors and graph).</summary>
    public long MemoryBytes
    {
        get
        {
            nint error = 0;
            var bytes = USearchNative.MemoryUsage(_index, &error);
            USearchNative.Check(error, "memory usage");
            return (long)bytes;
        }
    }

    /// <summary>Builds the graph over the rows of <paramref name="vectors"/> (row-major, unit rows); ids are row indices.</summary>
    public static USearchVectorIndex Build(float[] vectors, int dimensions, VectorIndexOptions options, CancellationToken cancellationToken = default)
    {
        options.Validate();
        if (dimensions < 1 || vectors.Length % dimensions != 0)
            throw new ArgumentException($"{vectors.Length} floats are not rows of {dimensions} dimensions.", nameof(vectors));
        int count = vectors.Length / dimensions;
        var init = new USearchNative.InitOptions
        {
            MetricKind = USearchNative.MetricInnerProduct,
            Quantization = options.Quantization switch
            {
                VectorQuantization.Float16 => USearchNative.ScalarFloat16,
                VectorQuantization.Int8 => USearchNative.ScalarInt8,
                _ => USearchNative.ScalarFloat32,
            },
            Dimensions = (nuint)dimensions,
            Connectivity = (nuint)options.Connectivity,
            ExpansionAdd = (nuint)options.ExpansionAdd,
            ExpansionSearch = (nuint)options.ExpansionSearch,
        };
        nint error = 0;
        var index = USearchNative.Init(&init, &error);
        USearchNative.Check(error, "init");
        var built = new USearchVectorIndex(index, count, dimensions, options.MaxConcurrentSearches);
        try
        {
            // Capacity and per-thread contexts must exist before concurrent inserts: growing them during an insert crashes.
            USearchNative.Reserve(index, (nuint)count, &error);
            USearchNative.Check(error, "reserve");
            USearchNative.ChangeThreadsAdd(index, (nuint)options.BuildThreads, &error);
            USearchNative.Check(error, "threads");
            built.SetSearchThreads(options.MaxConcurrentSearches);
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = options.BuildThreads, CancellationToken = cancellationToken }, row =>
            {
                nint addError = 0;
                fixed (float* vector = &vectors[(long)row * dimensions])
                    USearchNative.Add(index, (ulong)row, vector, USearchNative.ScalarFloat32, &addError);
                USearchNative.Check(addError, "add");
            });
            return built;
        }
        catch
        {
            built.Dispose();
            throw;
        }
    }

    /// <summary>Reads an index written by <see cref="Save"/> into memory.</summary>
    public static USearchVectorIndex Load(string path, int maxConcurrentSearches = 64, int? expansionSearch = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no vector index", path);
        var init = new USearchNative.InitOptions();
        nint error = 0;
        USearchNative.Metadata(path, &init, &error);
        USearchNative.Check(error, $"metadata of {path}");
        var index = USearchNative.Init(&init, &error);
        USearchNative.Check(error, "init");
        USearchNative.Load(index, path, &error);
        if (error != 0)
        {
            nint ignored = 0;
            USearchNative.Free(index, &ignored);
            USearchNative.Check(error, $"load of {path}");
        }
        var count = (int)USearchNative.Size(index, &error);
        var loaded = new USearchVectorIndex(index, count, (int)init.Dimensions, maxConcurrentSearches);
        loaded.SetSearchThreads(maxConcurrentSearches);
        if (expansionSearch is { } ef)
        {
            USearchNative.ChangeExpansionSearch(index, (nuint)ef, &error);
            USearchNative.Check(error, "expansion");
        }
        return loaded;
    }

    public int Search(ReadOnlySpan<float> query, Span<int> ids, Span<float> scores, ReadOnlySpan<int> excluded = default)
    {
        VectorIndex.CheckQuery(query, ids, scores, Dimensions);
        ObjectDisposedException.ThrowIf(_disposed, this);
        int k = ids.Length;
        if (k == 0 || Count == 0) return 0;
        ulong[]? rentedKeys = k > StackResults ? ArrayPool<ulong>.Shared.Rent(k) : null;
        float[]? rentedDistances = k > StackResults ? ArrayPool<float>.Shared.Rent(k) : null;
        Span<ulong> keys = rentedKeys ?? stackalloc ulong[k];
        Span<float> distances = rentedDistances ?? stackalloc float[k];
        int[]? sorted = null;
        _searchSlots.Wait();
        try
        {
            nint error = 0;
            nuint found;
            fixed (float* q = query)
            fixed (ulong* keyPointer = keys)
            fixed (float* distancePointer = distances)
            {
                if (excluded.IsEmpty)
                {
                    found = USearchNative.Search(_index, q, USearchNative.ScalarFloat32, (nuint)k, keyPointer, distancePointer, &error);
                }
                else
                {
                    sorted = ArrayPool<int>.Shared.Rent(excluded.Length);
                    excluded.CopyTo(sorted);
                    Array.Sort(sorted, 0, excluded.Length);
                    fixed (int* set = sorted)
                    {
                        var state = new ExcludedSet(set, excluded.Length);
                        found = USearchNative.FilteredSearch(_index, q, USearchNative.ScalarFloat32, (nuint)k, &Admit, &state,
                            keyPointer, distancePointer, &error);
                    }
                }
            }
            USearchNative.Check(error, "search");
            for (int r = 0; r < (int)found; r++)
            {
                ids[r] = (int)keys[r];
                scores[r] = 1f - distances[r];
            }
            return (int)found;
        }
        finally
        {
            _searchSlots.Release();
            if (sorted is not null) ArrayPool<int>.Shared.Return(sorted);
            if (rentedKeys is not null) ArrayPool<ulong>.Shared.Return(rentedKeys);
            if (rentedDistances is not null) ArrayPool<float>.Shared.Return(rentedDistances);
        }
    }

    public void Save(string path)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        nint error = 0;
        USearchNative.Save(_index, path, &error);
        USearchNative.Check(error, $"save to {path}");
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        nint error = 0;
        USearchNative.Free(_index, &error);
        _searchSlots.Dispose();
        GC.SuppressFinalize(this);
    }

    ~USearchVectorIndex()
    {
        nint error = 0;
        USearchNative.Free(_index, &error);
    }

    private void SetSearchThreads(int threads)
    {
        nint error = 0;
        USearchNative.ChangeThreadsSearch(_index, (nuint)threads, &error);
        USearchNative.Check(error, "threads");
    }

    /// <summary>The filter's state: the excluded ids, sorted.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct ExcludedSet(int* ids, int count)
    {
        public readonly int* Ids = ids;
        public readonly int Count = count;
    }

    /// <summary>USearch's filter callback: 1 admits a key, 0 skips it.</summary>
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int Admit(ulong key, void* state)
    {
        var set = (ExcludedSet*)state;
        return new ReadOnlySpan<int>(set->Ids, set->Count).BinarySearch((int)key) >= 0 ? 0 : 1;
    }
}
