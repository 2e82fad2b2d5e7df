using Strata.Recommend.Collaborative;
using Strata.Recommend.Persistence;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests;

public sealed class ModelFileTests
{
    [Fact]
    public void A_file_of_another_kind_has_no_stamp()
    {
        Assert.Null(ModelFile.ReadStamp(new MemoryStream([])));
        Assert.Null(ModelFile.ReadStamp(new MemoryStream("not a model file at all"u8.ToArray())));
    }

    [Fact]
    public void A_truncated_file_fails_to_read_instead_of_giving_a_model_with_zeros()
    {
        var data = Checkerboard.Create();
        using var file = new MemoryStream();
        ModelFile.Write(file, new EaseTrainer(new EaseOptions { Lambda = 1 }).Fit(data), "s");
        var truncated = new MemoryStream(file.ToArray()[..(int)(file.Length - 8)]);
        Assert.Equal("s", ModelFile.ReadStamp(truncated));
        Assert.Throws<EndOfStreamException>(() => ModelFile.ReadModel(truncated, data));
    }

    [Fact]
    public void Each_format_has_its_own_tag_and_an_unknown_tag_is_refused_by_name()
    {
        Assert.Equal(ModelFile.Formats.Count, ModelFile.Formats.Select(f => f.Kind).Distinct().Count());
        var data = Checkerboard.Create();
        using var file = new MemoryStream();
        using (var writer = new BinaryWriter(file, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("strata-model");
            writer.Write(5);
            writer.Write("s");
            writer.Write("gru");
        }
        file.Position = 0;
        Assert.Equal("s", ModelFile.ReadStamp(file));
        Assert.Contains("'gru'", Assert.Throws<InvalidDataException>(() => ModelFile.ReadModel(file, data)).Message);
    }
}
