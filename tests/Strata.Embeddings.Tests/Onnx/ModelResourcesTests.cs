using Strata.Embeddings.Onnx;

namespace Strata.Embeddings.Tests.Onnx;

public sealed class ModelResourcesTests
{
    [Fact]
    public void The_model_is_extracted_once_and_a_torn_file_is_replaced()
    {
        using var temp = new TempDirectory();
        var path = ModelResources.ExtractModel(SentenceEncoderModel.MiniLM, temp.Path);
        var size = new FileInfo(path).Length;
        Assert.True(size > 80_000_000);
        var written = File.GetLastWriteTimeUtc(path);

        Assert.Equal(path, ModelResources.ExtractModel(SentenceEncoderModel.MiniLM, temp.Path));
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));

        using (var file = new FileStream(path, FileMode.Open)) file.SetLength(1000);
        ModelResources.ExtractModel(SentenceEncoderModel.MiniLM, temp.Path);
        Assert.Equal(size, new FileInfo(path).Length);
        Assert.Single(Directory.GetFiles(temp.Path)); // no temporary file left behind
    }

    [Fact]
    public void A_missing_resource_is_a_clear_error()
    {
        using var temp = new TempDirectory();
        var broken = SentenceEncoderModel.MiniLM with { ModelResource = "minilm/nope.onnx" };
        var error = Assert.Throws<InvalidOperationException>(() => ModelResources.ExtractModel(broken, temp.Path));
        Assert.Contains("nope.onnx", error.Message);
        Assert.Contains("minilm/model.onnx", error.Message); // lists what is there
    }

    [Fact]
    public void A_missing_model_package_is_a_clear_error()
    {
        using var temp = new TempDirectory();
        var broken = SentenceEncoderModel.MiniLM with { ResourceAssembly = "Strata.Embeddings.NotInstalled" };
        var error = Assert.Throws<InvalidOperationException>(() => ModelResources.ExtractModel(broken, temp.Path));
        Assert.Contains("Strata.Embeddings.NotInstalled", error.Message);
    }

    [Fact]
    public void Unknown_model_names_list_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => EmbeddingGeneratorFactory.Create("bert-huge"));
        Assert.Contains("minilm", error.Message);
        Assert.Contains("arctic-xs", error.Message);
    }

    [Fact]
    public void Options_are_validated_with_the_setting_named()
    {
        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => ServiceCollectionExtensions.Validate(new EmbeddingOptions { Model = "gpt" }));
        Assert.Contains("Strata:Embeddings:Model", error.Message);
        Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(
            () => ServiceCollectionExtensions.Validate(new EmbeddingOptions { BatchSize = 0 }));
        ServiceCollectionExtensions.Validate(new EmbeddingOptions());
    }
}
