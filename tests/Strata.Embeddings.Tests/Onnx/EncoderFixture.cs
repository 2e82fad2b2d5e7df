using Strata.Embeddings.Onnx;

namespace Strata.Embeddings.Tests.Onnx;

/// <summary>Loads each local model once for the whole test run: loading takes seconds, encoding milliseconds.</summary>
public sealed class EncoderFixture : IDisposable
{
    private readonly Lazy<OnnxSentenceEncoder> _arcticXs;

    public EncoderFixture()
    {
        MiniLM = OnnxSentenceEncoder.Load(SentenceEncoderModel.MiniLM);
        _arcticXs = new Lazy<OnnxSentenceEncoder>(() => OnnxSentenceEncoder.Load(SentenceEncoderModel.ArcticXs));
    }

    public OnnxSentenceEncoder MiniLM { get; }

    public OnnxSentenceEncoder ArcticXs => _arcticXs.Value;

    public void Dispose()
    {
        MiniLM.Dispose();
        if (_arcticXs.IsValueCreated) _arcticXs.Value.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EncoderCollection : ICollectionFixture<EncoderFixture>
{
    public const string Name = "encoder";
}
