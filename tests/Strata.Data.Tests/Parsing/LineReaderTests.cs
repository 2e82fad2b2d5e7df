using System.Text;
using CsCheck;
using Strata.Data.Parsing;

namespace Strata.Data.Tests.Parsing;

/// <summary>The line reader returns exactly the lines written, whatever the line endings, lengths (beyond its buffer) and compression.</summary>
public sealed class LineReaderTests
{
    private static readonly Gen<string> Line = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 200_000], Gen.Char["abcé中 \t,|\"😀"[..^2]])
        .Select((kind, longLength, c) => kind switch
        {
            0 => "",
            1 => new string(c, longLength), // crosses the 64 KiB buffer
            _ => new string(c, longLength % 40) + "x",
        });

    [Fact]
    public void Reads_back_the_lines_written()
    {
        Gen.Select(Line.Array[0, 12], Gen.Bool.Array[12], Gen.Bool, Gen.Bool).Sample((lines, crlf, finalNewline, gzip) =>
        {
            var text = new StringBuilder();
            for (var i = 0; i < lines.Length; i++)
            {
                text.Append(lines[i]);
                if (i < lines.Length - 1 || finalNewline) text.Append(crlf[i] ? "\r\n" : "\n");
            }
            using var folder = new TempFolder();
            var name = gzip ? "lines.txt.gz" : "lines.txt";
            if (gzip) folder.WriteGzip(name, text.ToString()); else folder.Write(name, text.ToString());
            using var reader = new LineReader(Path.Combine(folder.Path, name), TextEncoding.Utf8);
            var read = new List<string>();
            while (reader.MoveNext())
            {
                Assert.Equal(read.Count + 1, reader.LineNumber);
                read.Add(reader.Text.ToString());
            }
            // A final empty line without a newline is no line at all.
            var expected = lines.Length > 0 && !finalNewline && lines[^1].Length == 0 ? lines[..^1] : lines;
            Assert.Equal(expected, read);
        }, iter: 60);
    }

    [Fact]
    public void Byte_order_mark_is_skipped()
    {
        using var folder = new TempFolder();
        folder.WriteBytes("bom.csv", [0xEF, 0xBB, 0xBF, .. "id,title\n1,x\n"u8]);
        using var reader = new LineReader(Path.Combine(folder.Path, "bom.csv"), TextEncoding.Utf8);
        Assert.True(reader.MoveNext());
        Assert.Equal("id,title", reader.Text.ToString());
    }
}
