using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML.OnnxRuntime;
using Strata.Embeddings;
using Strata.Embeddings.Onnx;

namespace Strata.Benchmarks.Embeddings;

/// <summary>
/// The cheap ONNX Runtime knobs, tried on int8 MiniLM over ml-100k's 1,682 titles (raw <c>InferenceSession.Run</c>, per
/// text): batch size 32 vs 64; two concurrent single-threaded runs on one session (what the encoder does) vs one run at
/// a time with two intra-op threads, with and without <c>session.intra_op.allow_spinning</c>; graph optimisation
/// level basic vs all.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class SessionSettingsBenchmarks
{
    private InferenceSession _session = null!;
    private TitleBatches _batches = null!;
    private int _workers;

    [Params("minilm-int8")]
    public string Model { get; set; } = "minilm-int8";

    [Params(32, 64)]
    public int BatchSize { get; set; }

    /// <summary><c>2x1</c>: 2 concurrent runs × 1 intra-op thread; <c>1x2</c>: 1 run × 2 threads (spinning on); <c>1x2-nospin</c>: same, spinning off.</summary>
    [Params("2x1", "1x2", "1x2-nospin")]
    public string Threads { get; set; } = "2x1";

    [Params(GraphOptimizationLevel.ORT_ENABLE_BASIC, GraphOptimizationLevel.ORT_ENABLE_ALL)]
    public GraphOptimizationLevel Optimization { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var model = SentenceEncoderModel.FromName(Model);
        _workers = Threads == "2x1" ? 2 : 1;
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 3 - _workers,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = Optimization,
        };
        if (Threads == "1x2-nospin") options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(ModelResources.ExtractModel(model, ModelResources.DefaultModelDirectory()), options);
        using var tokenizer = OnnxSentenceEncoder.Load(model, new EmbeddingOptions { Workers = 1 });
        _batches = new TitleBatches(tokenizer, TitleBatches.ReadTitles(), BatchSize);
    }

    [Benchmark(OperationsPerInvoke = 1682)]
    public Task Raw_onnx() => _batches.RunAsync(_session, _workers);

    [GlobalCleanup]
    public void Cleanup()
    {
        _batches.Dispose();
        _session.Dispose();
    }
}
