using Microsoft.ML.OnnxRuntime;
using Strata.Core;
using Strata.Data;
using Strata.Embeddings.Onnx;

namespace Strata.Benchmarks.Embeddings;

/// <summary>
/// MovieLens 100K's 1,682 titles as ready-made model inputs (ids, mask, token types), cut exactly as the encoder cuts
/// them (sorted by length, <c>batchSize</c> per batch): what the raw-session benchmarks feed to <c>InferenceSession.Run</c>.
/// </summary>
public sealed class TitleBatches : IDisposable
{
    private readonly (OrtValue Ids, OrtValue Mask, OrtValue Types)[] _batches;

    public TitleBatches(OnnxSentenceEncoder tokenizer, string[] titles, int batchSize)
    {
        var order = OnnxSentenceEncoder.BatchOrder(titles);
        var batches = new List<(OrtValue, OrtValue, OrtValue)>();
        for (int start = 0; start < order.Length; start += batchSize)
        {
            var tokens = order.Skip(start).Take(batchSize).Select(i => tokenizer.Tokenize(titles[i])).ToArray();
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

    /// <summary>The 1,682 ml-100k titles, read with Strata.Data from the shared data folder.</summary>
    public static string[] ReadTitles() =>
        DatasetReaders.Open("movielens-100k", DataDirectory.Dataset("ml-100k")).ReadItems().Select(i => i.Title).ToArray();

    /// <summary>Runs every batch once through <paramref name="session"/>, <paramref name="workers"/> concurrent runs at a time.</summary>
    public Task RunAsync(InferenceSession session, int workers)
    {
        int next = -1;
        var tasks = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            tasks[w] = Task.Factory.StartNew(() =>
            {
                using var runOptions = new RunOptions();
                for (int b = Interlocked.Increment(ref next); b < _batches.Length; b = Interlocked.Increment(ref next))
                {
                    var (ids, mask, types) = _batches[b];
                    using var outputs = session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [ids, mask, types], ["last_hidden_state"]);
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        return Task.WhenAll(tasks);
    }

    public void Dispose()
    {
        foreach (var (ids, mask, types) in _batches) { ids.Dispose(); mask.Dispose(); types.Dispose(); }
    }
}
