using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Strata.Data.Parsing;

/// <summary>
/// Reads a text file line by line without loading it: LF or CRLF endings, a UTF-8 byte-order mark skipped,
/// <c>.gz</c> files decompressed (and checked for truncation). Each line is available as raw bytes (for JSON) and as
/// text decoded with the file's <see cref="TextEncoding"/>; invalid UTF-8 is reported with file, line and byte offset.
/// The spans are valid until the next <see cref="MoveNext"/>.
/// </summary>
internal sealed class LineReader : IDisposable
{
    private const int InitialBufferSize = 1 << 16;
    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private readonly Stream _stream;
    private readonly TextEncoding _encoding;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
    private char[] _chars = ArrayPool<char>.Shared.Rent(1024);
    private int _start;   // first unread byte in _buffer
    private int _end;     // one past the last valid byte in _buffer
    private bool _endOfStream;
    private int _lineStart;
    private int _lineLength;
    private int _charLength = -1; // -1: the current line is not decoded yet

    public LineReader(string path, TextEncoding encoding)
    {
        FileName = Path.GetFileName(path);
        _encoding = encoding;
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        _stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new VerifiedGzipStream(file) : file;
    }

    /// <summary>File name without folder, as used in error messages.</summary>
    public string FileName { get; }

    /// <summary>1-based number of the current line (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>The current line's bytes without the line ending.</summary>
    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(_lineStart, _lineLength);

    /// <summary>The current line's bytes as memory (for parsers that take <see cref="ReadOnlyMemory{T}"/>).</summary>
    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(_lineStart, _lineLength);

    /// <summary>The current line decoded, as memory that stays valid until the next <see cref="MoveNext"/>.</summary>
    public ReadOnlyMemory<char> TextMemory
    {
        get
        {
            if (_charLength < 0) Decode();
            return _chars.AsMemory(0, _charLength);
        }
    }

    /// <summary>The current line decoded; throws <see cref="DataFormatException"/> on invalid UTF-8.</summary>
    public ReadOnlySpan<char> Text
    {
        get
        {
            if (_charLength < 0) Decode();
            return _chars.AsSpan(0, _charLength);
        }
    }

    /// <summary>True when the current line is empty or only whitespace.</summary>
    public bool IsBlank => Bytes.Trim(" \t"u8).IsEmpty;

    /// <summary>A located error for the current line.</summary>
    public DataFormatException Error(string? field, string problem) => new(FileName, LineNumber, field, problem);

    /// <summary>Advances to the next line; false at the end of the file.</summary>
    public bool MoveNext()
    {
        _charLength = -1;
        while (true)
        {
            var newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                SetLine(_start, newline);
                _start += newline + 1;
                return true;
            }
            if (_endOfStream)
            {
                if (_start == _end) return false;
                SetLine(_start, _end - _start); // last line without a final newline
                _start = _end;
                return true;
            }
            Fill();
        }
    }

    private void SetLine(int start, int length)
    {
        LineNumber++;
        if (LineNumber == 1 && _buffer.AsSpan(start, length).StartsWith(ByteOrderMark))
        {
            start += 3;
            length -= 3;
        }
        if (length > 0 && _buffer[start + length - 1] == (byte)'\r') length--;
        _lineStart = start;
        _lineLength = length;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length) // one line longer than the buffer: grow
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int read;
        try
        {
            read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        }
        catch (InvalidDataException e)
        {
            throw new DataFormatException(FileName, LineNumber + 1, null, e.Message, e);
        }
        if (read == 0) _endOfStream = true;
        _end += read;
    }

    private void Decode()
    {
        var bytes = Bytes;
        if (_chars.Length < bytes.Length)
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        }
        if (_encoding == TextEncoding.Latin1)
        {
            _charLength = Encoding.Latin1.GetChars(bytes, _chars);
            return;
        }
        var status = Utf8.ToUtf16(bytes, _chars, out var consumed, out var written, replaceInvalidSequences: false);
        if (status != OperationStatus.Done)
            throw Error(null, $"invalid UTF-8 at byte {consumed + 1} of the line (is the file in another encoding?)");
        _charLength = written;
    }

    public void Dispose()
    {
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        ArrayPool<char>.Shared.Return(_chars);
        _buffer = [];
        _chars = [];
    }
}
