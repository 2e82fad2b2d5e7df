using System.Runtime.InteropServices;

namespace Strata.Recommend.Ranking;

/// <summary>
/// The part of LightGBM's C API (<c>lib_lightgbm</c>, shipped in the LightGBM package) that trains a booster and writes it
/// as text. Every call returns 0 on success, else −1 with the message in <c>LGBM_GetLastError</c>.
/// </summary>
internal static unsafe partial class LightGbmNative
{
    private const string Library = "lib_lightgbm";
    public const int Float32 = 0;
    public const int Int32 = 2;

    [LibraryImport(Library, EntryPoint = "LGBM_GetLastError")]
    private static partial nint GetLastError();

    [LibraryImport(Library, EntryPoint = "LGBM_DatasetCreateFromMat", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int DatasetCreateFromMat(float* data, int dataType, int rows, int columns, int rowMajor, string parameters, nint reference, out nint dataset);

    [LibraryImport(Library, EntryPoint = "LGBM_DatasetSetField", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int DatasetSetField(nint dataset, string field, void* data, int count, int type);

    [LibraryImport(Library, EntryPoint = "LGBM_DatasetFree")]
    public static partial int DatasetFree(nint dataset);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterCreate", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int BoosterCreate(nint dataset, string parameters, out nint booster);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterUpdateOneIter")]
    public static partial int BoosterUpdateOneIter(nint booster, out int finished);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterSaveModelToString")]
    public static partial int BoosterSaveModelToString(nint booster, int startIteration, int iterations, int importanceType, long bufferLength, out long length, byte* buffer);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterPredictForMat", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int BoosterPredictForMat(nint booster, float* data, int dataType, int rows, int columns, int rowMajor, int predictType,
        int startIteration, int iterations, string parameters, out long length, double* result);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterLoadModelFromString", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int BoosterLoadModelFromString(string model, out int iterations, out nint booster);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterFree")]
    public static partial int BoosterFree(nint booster);

    /// <summary>Throws LightGBM's own message when a call failed.</summary>
    /// <exception cref="InvalidOperationException">The call returned non-zero.</exception>
    public static void Check(int result)
    {
        if (result != 0) throw new InvalidOperationException($"LightGBM: {Marshal.PtrToStringUTF8(GetLastError())}");
    }
}
