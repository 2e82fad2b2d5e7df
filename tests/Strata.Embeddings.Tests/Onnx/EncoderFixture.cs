using Strata.Embeddings.Onnx;

namespace Strata.Embeddings.Tests.Onnx;

/// <summary>Loads each local model once for the whole test run: loading takes seconds, encoding milliseconds.</summary>
public sealed class EncoderFixture : IDisposable
{
    private readonly Lazy<OnnxSentenceEncoder> _arcticXs;
    private readonly Lazy<OnnxSentenceEncoder> _miniLMInt8;

    public EncoderFixture()
    {
        MiniLM = OnnxSentenceEncoder.Load(SentenceEncoderModel.MiniLM);
        _arcticXs = new Lazy<OnnxSentenceEncoder>(() => OnnxSentenceEncoder.Load(SentenceEncoderModel.ArcticXs));
        _miniLMInt8 = new Lazy<OnnxSentenceEncoder>(() => OnnxSentenceEncoder.Load(SentenceEncoderModel.MiniLMInt8));
    }

    public OnnxSentenceEncoder MiniLM { get; }

    /// <summary>A value computed once per test run (e.g. an embedded catalogue) and shared by every test that asks by <paramref name="name"/>.</summary>
    public Lazy<Task<T>> Shared<T>(string name, Func<Task<T>> create) =>
        (Lazy<Task<T>>)_shared.GetOrAdd(name, _ => new Lazy<Task<T>>(create));

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, object> _shared = new();

    public OnnxSentenceEncoder ArcticXs => _arcticXs.Value;

    /// <summary>MiniLM with int8 weights (quantised into the default model folder on first use).</summary>
    public OnnxSentenceEncoder MiniLMInt8 => _miniLMInt8.Value;

    /// <summary>The loaded encoder of a built-in model, by name.</summary>
    public OnnxSentenceEncoder Encoder(string name) => name switch
    {
        "minilm" => MiniLM,
        "minilm-int8" => MiniLMInt8,
        "arctic-xs" => ArcticXs,
        _ => throw new ArgumentException($"No fixture encoder '{name}'.", nameof(name)),
    };

    public void Dispose()
    {
        MiniLM.Dispose();
        if (_arcticXs.IsValueCreated) _arcticXs.Value.Dispose();
        if (_miniLMInt8.IsValueCreated) _miniLMInt8.Value.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class EncoderCollection : ICollectionFixture<EncoderFixture>
{
    public const string Name = "encoder";
}
