using System.Text;
using Strata.Data.Amazon;

namespace Strata.Data.Tests;

/// <summary>Truncated or corrupt gzip files are errors naming the file, never a silently shorter dataset.</summary>
public sealed class GzipTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static byte[] Reviews(int count) => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, count).Select(i =>
        $"{{\"overall\":{1 + i % 5}.0,\"reviewerID\":\"R{i % 97}\",\"asin\":\"A{i % 13}\",\"unixReviewTime\":{1393372800 + i},\"reviewText\":\"review number {i} {Guid.NewGuid()}\"}}\n")));

    private AmazonReader Amazon(byte[] reviewsGz)
    {
        _folder.WriteGzip("meta_X.json.gz", string.Concat(Enumerable.Range(0, 13).Select(i => $"{{\"asin\":\"A{i}\",\"title\":\"T{i}\"}}\n")));
        _folder.WriteBytes("X_5.json.gz", reviewsGz);
        return new AmazonReader(_folder.Path);
    }

    [Fact]
    public void Complete_gzip_reads_every_line()
    {
        Assert.Equal(5_000, Amazon(TempFolder.Gzip(Reviews(5_000))).ReadEvents().Count());
    }

    [Theory]
    [InlineData(0.5)]   // cut in the middle of the compressed data
    [InlineData(-8)]    // only the 8-byte trailer (CRC-32 and length) is missing
    [InlineData(-3)]    // part of the trailer is missing
    [InlineData(0.0005)] // little more than the header
    public void Truncated_gzip_is_an_error_naming_the_file(double cut)
    {
        var whole = TempFolder.Gzip(Reviews(5_000));
        var length = cut > 0 ? Math.Max(12, (int)(whole.Length * cut)) : whole.Length + (int)cut;
        var reader = Amazon(whole[..length]);
        var error = Assert.Throws<DataFormatException>(() => reader.ReadEvents().ToList());
        Assert.Equal("X_5.json.gz", error.File);
        Assert.Matches("truncated|too short", error.Message);
    }

    [Fact]
    public void Empty_file_reads_as_no_lines_as_dotnet_writes_it()
    {
        Assert.Empty(TempFolder.Gzip([]));
        Assert.Empty(Amazon([]).ReadEvents());
    }

    [Fact]
    public void Truncation_is_not_skipped_by_SkipInvalid()
    {
        var whole = TempFolder.Gzip(Reviews(2_000));
        _folder.WriteGzip("meta_X.json.gz", "{\"asin\":\"A0\"}\n").WriteBytes("X_5.json.gz", whole[..(whole.Length / 2)]);
        var reader = new AmazonReader(_folder.Path, new ReaderOptions(SkipInvalid: true));
        Assert.Throws<DataFormatException>(() => reader.ReadEvents().ToList());
    }

    [Fact]
    public void Corrupt_gzip_is_an_error_naming_the_file()
    {
        var whole = TempFolder.Gzip(Reviews(2_000));
        whole[whole.Length / 2] ^= 0xFF;
        var reader = Amazon(whole);
        var error = Assert.Throws<DataFormatException>(() => reader.ReadEvents().ToList());
        Assert.Equal("X_5.json.gz", error.File);
    }

    [Fact]
    public void Staged_amazon_file_cut_short_is_detected()
    {
        var staged = File.ReadAllBytes(Path.Combine(TestData.Folder("amazon2018-magazine-subscriptions"), "Magazine_Subscriptions_5.json.gz"));
        var reader = Amazon(staged[..^8]);
        var error = Assert.Throws<DataFormatException>(() => reader.ReadEvents().ToList());
        Assert.Equal("X_5.json.gz", error.File);
        Assert.True(error.Line > 2_000, $"reported at line {error.Line}: after the lines that decompressed");
    }
}
