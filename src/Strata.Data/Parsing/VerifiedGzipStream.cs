using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace Strata.Data.Parsing;

/// <summary>
/// Decompresses a single-member gzip file and, at the end, checks the CRC-32 and length stored in the gzip trailer.
/// Why: <see cref="GZipStream"/> ends silently when a file is cut short, so a truncated download would import as a
/// shorter dataset. A mismatch throws <see cref="InvalidDataException"/>, which <see cref="LineReader"/> reports with
/// the file name and line. Concatenated multi-member gzip files fail the check (their trailer covers only the last member).
/// A zero-byte file reads as empty: that is what .NET's own <see cref="GZipStream"/> writes for empty content.
/// </summary>
internal sealed class VerifiedGzipStream : Stream
{
    private readonly GZipStream _inner;
    private readonly Crc32 _crc = new();
    private readonly uint _expectedCrc;
    private readonly uint _expectedLength;
    private readonly bool _hasTrailer;
    private readonly bool _isEmpty;
    private long _length;
    private bool _verified;

    public VerifiedGzipStream(FileStream file)
    {
        Span<byte> trailer = stackalloc byte[8];
        _isEmpty = file.Length == 0;
        _hasTrailer = file.Length >= 18; // 10-byte header + 8-byte trailer is the smallest gzip file
        if (_hasTrailer)
        {
            file.Seek(-8, SeekOrigin.End);
            file.ReadExactly(trailer);
            file.Seek(0, SeekOrigin.Begin);
            _expectedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer[..4]);
            _expectedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]);
        }
        _inner = new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        if (read > 0)
        {
            _crc.Append(buffer[..read]);
            _length += read;
        }
        else if (!_verified && buffer.Length > 0 && !_isEmpty)
        {
            _verified = true;
            if (!_hasTrailer) throw new InvalidDataException("gzip file is too short to be complete");
            if (_crc.GetCurrentHashAsUInt32() != _expectedCrc || (uint)_length != _expectedLength)
                throw new InvalidDataException(
                    $"gzip data is truncated or corrupt: {_length:N0} bytes decompressed do not match the gzip trailer");
        }
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _length; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }
}
