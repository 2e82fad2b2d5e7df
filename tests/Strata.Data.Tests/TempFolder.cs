using System.IO.Compression;
using System.Text;

namespace Strata.Data.Tests;

/// <summary>A temporary dataset folder for small hand-written (often broken) files; deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    private readonly TempDirectory _directory = new();

    public string Path => _directory.Path;

    /// <summary>Writes a UTF-8 text file (no BOM).</summary>
    public TempFolder Write(string name, string text) => WriteBytes(name, new UTF8Encoding(false).GetBytes(text));

    public TempFolder WriteBytes(string name, byte[] bytes)
    {
        File.WriteAllBytes(System.IO.Path.Combine(Path, name), bytes);
        return this;
    }

    /// <summary>Writes <paramref name="text"/> gzip-compressed.</summary>
    public TempFolder WriteGzip(string name, string text) => WriteBytes(name, Gzip(Encoding.UTF8.GetBytes(text)));

    public static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal)) gzip.Write(bytes);
        return output.ToArray();
    }

    public void Dispose() => _directory.Dispose();
}
