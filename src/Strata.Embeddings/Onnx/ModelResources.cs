using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Strata.Embeddings.Onnx.Quantization;

namespace Strata.Embeddings.Onnx;

/// <summary>
/// Reads a <see cref="SentenceEncoderModel"/>'s embedded files. The ONNX graph is copied once to a cache file and the
/// session is loaded by path: loading from a byte array keeps a second copy of the weights resident.
/// </summary>
public static class ModelResources
{
    /// <summary>Environment variable naming the cache root (model files go to <c>$STRATA_CACHE/models</c>).</summary>
    public const string CacheEnvironmentVariable = "STRATA_CACHE";

    /// <summary><c>$STRATA_CACHE/models</c>, else <c>$XDG_CACHE_HOME/strata/models</c>, else <c>~/.cache/strata/models</c>.</summary>
    public static string DefaultModelDirectory()
    {
        var strata = Environment.GetEnvironmentVariable(CacheEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(strata)) return Path.Combine(strata, "models");
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrWhiteSpace(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "strata", "models");
    }

    /// <summary>
    /// Path of the model's ONNX file inside <paramref name="directory"/>, extracting it first when missing or incomplete
    /// (a float model: of the wrong size; an int8 model: without the stamp its quantisation appends last). An int8 model is
    /// calibrated on the built-in texts (<see cref="ActivationCalibrator"/>), quantised from the embedded float model
    /// (<see cref="Int8DynamicQuantizer"/>) and cached as <c>{name}.onnx</c> beside it (about 2 s, once). The write goes to a temporary file that is then renamed, so a crash or a concurrent process never
    /// leaves a torn file.
    /// </summary>
    public static string ExtractModel(SentenceEncoderModel model, string directory)
    {
        using var resource = OpenResource(model, model.ModelResource);
        var path = Path.Combine(directory, model.Name + ".onnx");
        if (!model.Int8Weights)
        {
            var existing = new FileInfo(path);
            if (!existing.Exists || existing.Length != resource.Length) WriteAtomically(path, resource.CopyTo);
            return path;
        }

        // The stamp names the scheme, the source and the calibration texts, and is written last: a file ending with it is
        // complete and current.
        var calibrationTexts = ActivationCalibrator.BuiltInTexts();
        var calibrationHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', calibrationTexts))))[..16];
        var stamp = Int8DynamicQuantizer.MetadataEntry(QuantizationMetadataKey,
            $"{Int8DynamicQuantizer.Scheme} of {model.ResourceAssembly}:{model.ModelResource} ({resource.Length} bytes), calibration {calibrationHash}");
        if (EndsWith(path, stamp)) return path;
        var source = new byte[resource.Length];
        resource.ReadExactly(source);
        var tokenizer = OnnxSentenceEncoder.LoadTokenizer(model);
        var ranges = ActivationCalibrator.MeasureRanges(source,
            calibrationTexts.Select(text => OnnxSentenceEncoder.Tokenize(tokenizer, model, text, CalibrationMaxTokens)));
        var quantized = Int8DynamicQuantizer.Quantize(source, ranges, out _);
        WriteAtomically(path, file =>
        {
            file.Write(quantized);
            file.Write(stamp);
        });
        return path;
    }

    private const int CalibrationMaxTokens = 256;

    /// <summary>Key of the <c>metadata_props</c> entry that records how an int8 model file was made.</summary>
    public const string QuantizationMetadataKey = "strata.quantization";

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
                write(file);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    private static bool EndsWith(string path, ReadOnlySpan<byte> suffix)
    {
        if (!File.Exists(path)) return false;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (file.Length < suffix.Length) return false;
        file.Seek(-suffix.Length, SeekOrigin.End);
        Span<byte> tail = stackalloc byte[suffix.Length];
        file.ReadExactly(tail);
        return tail.SequenceEqual(suffix);
    }

    /// <summary>A reader over the model's <c>vocab.txt</c>.</summary>
    public static TextReader OpenVocabulary(SentenceEncoderModel model) => new StreamReader(OpenResource(model, model.VocabularyResource));

    private static Stream OpenResource(SentenceEncoderModel model, string resourceName)
    {
        Assembly assembly;
        try
        {
            assembly = Assembly.Load(model.ResourceAssembly);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            throw new InvalidOperationException(
                $"Model '{model.Name}' needs the assembly '{model.ResourceAssembly}' , which could not be loaded: {e.Message}", e);
        }
        return assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException(
                $"Model '{model.Name}': resource '{resourceName}' is not in {assembly.GetName().Name}. " +
                $"It has: {string.Join(", ", assembly.GetManifestResourceNames())}.");
    }
}
