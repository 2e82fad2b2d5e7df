using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML.OnnxRuntime;
using Strata.Embeddings;
using Strata.Embeddings.Onnx;

namespace Strata.Benchmarks.Embeddings;

/// <summary>
/// MiniLM on MovieLens 100K's 1,682 titles, float (<c>minilm</c>) and int8 (<c>minilm-int8</c>) weights on the same
/// batches. Times are per text (<c>OperationsPerInvoke</c>), so texts/s = 1 / Mean.
/// <list type="bullet">
/// <item><see cref="Encoder"/>: <see cref="OnnxSentenceEncoder.EncodeAsync"/> — accent folding, WordPiece, batching by
/// length, two workers on one session, mean pooling, normalisation.</item>
/// <item><see cref="Raw_onnx_same_batches"/>: only <c>InferenceSession.Run</c> over the identical pre-built batches with the
/// same two workers and session options: the ceiling the encoder's own overhead is measured against.</item>
/// </list>
/// Resident memory after each benchmark is printed by <see cref="Cleanup"/> (process RSS, with the encoder loaded).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class EncoderBenchmarks
{
    private const int BatchSize = 32;
    private const int Workers = 2;

    private string[] _titles = [];
    private float[] _output = [];
    private OnnxSentenceEncoder _encoder = null!;
    private InferenceSession _session = null!;
    private TitleBatches _batches = null!;

    [Params("minilm", "minilm-int8")]
    public string Model { get; set; } = "minilm";

    [GlobalSetup]
    public void Setup()
    {
        var model = SentenceEncoderModel.FromName(Model);
        _titles = TitleBatches.ReadTitles();
        _output = new float[_titles.Length * 384];
        _encoder = OnnxSentenceEncoder.Load(model, new EmbeddingOptions { BatchSize = BatchSize, Workers = Workers });

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(ModelResources.ExtractModel(model, ModelResources.DefaultModelDirectory()), sessionOptions);
        _batches = new TitleBatches(_encoder, _titles, BatchSize);
    }

    [Benchmark(OperationsPerInvoke = 1682)]
    public Task Encoder() => _encoder.EncodeAsync(_titles, _output);

    [Benchmark(OperationsPerInvoke = 1682)]
    public Task Raw_onnx_same_batches() => _batches.RunAsync(_session, Workers);

    [GlobalCleanup]
    public void Cleanup()
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"// {Model}: resident memory {process.WorkingSet64 / 1048576} MB (peak {process.PeakWorkingSet64 / 1048576} MB) with the encoder and a second raw session loaded");
        _batches.Dispose();
        _session.Dispose();
        _encoder.Dispose();
    }
}
