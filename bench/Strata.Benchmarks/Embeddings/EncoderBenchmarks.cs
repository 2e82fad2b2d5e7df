using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.ML.OnnxRuntime;
using Strata.Core;
using Strata.Data;
using Strata.Embeddings;
using Strata.Embeddings.Onnx;

namespace Strata.Benchmarks.Embeddings;

/// <summary>
/// MiniLM on MovieLens 100K's 1,682 titles. Times are per text (<c>OperationsPerInvoke</c>), so texts/s = 1 / Mean.
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
    private (OrtValue Ids, OrtValue Mask, OrtValue Types)[] _batches = [];

    [GlobalSetup]
    public void Setup()
    {
        _titles = DatasetReaders.Open("movielens-100k", DataDirectory.Dataset("ml-100k")).ReadItems().Select(i => i.Title).ToArray();
        _output = new float[_titles.Length * 384];
        var options = new EmbeddingOptions { BatchSize = BatchSize, Workers = Workers };
        _encoder = OnnxSentenceEncoder.Load(SentenceEncoderModel.MiniLM, options);

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(ModelResources.ExtractModel(SentenceEncoderModel.MiniLM, ModelResources.DefaultModelDirectory()), sessionOptions);

        var order = OnnxSentenceEncoder.BatchOrder(_titles);
        var batches = new List<(OrtValue, OrtValue, OrtValue)>();
        for (int start = 0; start < order.Length; start += BatchSize)
        {
            var tokens = order.Skip(start).Take(BatchSize).Select(i => _encoder.Tokenize(_titles[i])).ToArray();
            int width = tokens.Max(t => t.Length);
            var ids = new long[tokens.Length * width];
            var mask = new long[tokens.Length * width];
            for (int r = 0; r < tokens.Length; r++)
            {
                tokens[r].CopyTo(ids, r * width);
                Array.Fill(mask, 1L, r * width, tokens[r].Length);
            }
            long[] shape = [tokens.Length, width];
            batches.Add((OrtValue.CreateTensorValueFromMemory(ids, shape), OrtValue.CreateTensorValueFromMemory(mask, shape),
                OrtValue.CreateTensorValueFromMemory(new long[ids.Length], shape)));
        }
        _batches = [.. batches];
    }

    [Benchmark(OperationsPerInvoke = 1682)]
    public Task Encoder() => _encoder.EncodeAsync(_titles, _output);

    [Benchmark(OperationsPerInvoke = 1682)]
    public Task Raw_onnx_same_batches()
    {
        int next = -1;
        var tasks = new Task[Workers];
        for (int w = 0; w < Workers; w++)
        {
            tasks[w] = Task.Factory.StartNew(() =>
            {
                using var runOptions = new RunOptions();
                for (int b = Interlocked.Increment(ref next); b < _batches.Length; b = Interlocked.Increment(ref next))
                {
                    var (ids, mask, types) = _batches[b];
                    using var outputs = _session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [ids, mask, types], ["last_hidden_state"]);
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        return Task.WhenAll(tasks);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"// resident memory: {process.WorkingSet64 / 1048576} MB (peak {process.PeakWorkingSet64 / 1048576} MB) with the encoder and a second raw session loaded");
        foreach (var (ids, mask, types) in _batches) { ids.Dispose(); mask.Dispose(); types.Dispose(); }
        _session.Dispose();
        _encoder.Dispose();
    }
}
