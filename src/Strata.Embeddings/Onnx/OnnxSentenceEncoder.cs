using System.Numerics.Tensors;
using FastBertTokenizer;
using Microsoft.Extensions.AI;
using Microsoft.ML.OnnxRuntime;
using Strata.Core.Vectors;
using Strata.Embeddings.Tokenization;

namespace Strata.Embeddings.Onnx;

/// <summary>
/// Local sentence encoder: WordPiece (FastBertTokenizer, BERT-exact normalisation) → ONNX Runtime → pooling → L2
/// normalisation. Reproduces sentence-transformers' vectors. Texts are sorted by length, cut into batches of
/// <see cref="EmbeddingOptions.BatchSize"/>, padded with an attention mask and run by <see cref="EmbeddingOptions.Workers"/>
/// concurrent workers on one shared session, one intra-op thread each. Thread-safe.
/// </summary>
/// <remarks>
/// Empty or whitespace-only text is embedded like the empty string, i.e. the model's vector for <c>[CLS] [SEP]</c>:
/// a fixed, unit-length vector, never zeros. Texts longer than <see cref="EmbeddingOptions.MaxTokens"/> are truncated
/// (mid-word, as Hugging Face does).
/// </remarks>
public sealed class OnnxSentenceEncoder : IEmbeddingGenerator<string, Embedding<float>>
{
    private const string HiddenStateOutput = "last_hidden_state";

    private readonly BertTokenizer _tokenizer;
    private readonly InferenceSession _session;
    private readonly bool _wantsTokenTypes;
    private readonly int _batchSize;
    private readonly int _workers;
    private readonly int _maxTokens;
    private readonly EmbeddingGeneratorMetadata _metadata;

    private OnnxSentenceEncoder(SentenceEncoderModel model, BertTokenizer tokenizer, InferenceSession session, int batchSize, int maxTokens, int workers)
    {
        Model = model;
        _tokenizer = tokenizer;
        _session = session;
        _batchSize = batchSize;
        _workers = workers;
        _maxTokens = maxTokens;
        _wantsTokenTypes = session.InputMetadata.ContainsKey("token_type_ids");
        _metadata = model.Metadata();
    }

    /// <summary>The model this encoder runs.</summary>
    public SentenceEncoderModel Model { get; }

    /// <summary>Output vector length.</summary>
    public int Dimensions => Model.Dimensions;

    /// <summary>Extracts the model file if needed (see <see cref="ModelResources.ExtractModel"/>) and opens the sessions.</summary>
    public static OnnxSentenceEncoder Load(SentenceEncoderModel model, EmbeddingOptions? options = null)
    {
        options ??= new EmbeddingOptions();
        var path = ModelResources.ExtractModel(model, options.ModelDirectory ?? ModelResources.DefaultModelDirectory());

        var tokenizer = LoadTokenizer(model);

        // One session shared by all workers: InferenceSession.Run is thread-safe, and each run uses one intra-op thread,
        // so N workers keep N cores busy with one copy of the weights (measured: 232 MB resident vs 358 MB for two sessions,
        // same texts per CPU-second).
        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        var session = new InferenceSession(path, sessionOptions);
        if (!session.OutputMetadata.TryGetValue(HiddenStateOutput, out var hidden) || hidden.Dimensions[^1] != model.Dimensions)
        {
            session.Dispose();
            throw new InvalidOperationException($"Model '{model.Name}' ({path}) has no '{HiddenStateOutput}' output of width {model.Dimensions}.");
        }
        return new OnnxSentenceEncoder(model, tokenizer, session, options.BatchSize, options.MaxTokens, options.Workers);
    }

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values.ToArray();
        var matrix = new float[texts.Count * Dimensions];
        await EncodeAsync(texts, matrix, cancellationToken).ConfigureAwait(false);
        var created = DateTimeOffset.UtcNow;
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count);
        for (int i = 0; i < texts.Count; i++)
            result.Add(new Embedding<float>(matrix.AsMemory(i * Dimensions, Dimensions)) { ModelId = Model.ModelId, CreatedAt = created });
        return result;
    }

    /// <summary>
    /// Writes the unit vector of <c>texts[i]</c> into row i of <paramref name="destination"/> (row-major,
    /// <c>texts.Count × Dimensions</c>), without the per-vector objects of <see cref="GenerateAsync"/>.
    /// </summary>
    public Task EncodeAsync(IReadOnlyList<string> texts, float[] destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (destination.Length < texts.Count * Dimensions)
            throw new ArgumentException($"Destination holds {destination.Length} floats; {texts.Count} texts need {texts.Count * Dimensions}.", nameof(destination));
        if (texts.Count == 0) return Task.CompletedTask;

        var order = BatchOrder(texts);

        int batchCount = (texts.Count + _batchSize - 1) / _batchSize;
        int nextBatch = -1;
        int workers = Math.Min(_workers, batchCount);
        var tasks = new Task[workers];
        for (int w = 0; w < workers; w++)
        {
            tasks[w] = Task.Factory.StartNew(() =>
            {
                var batch = new BatchBuffers(_batchSize, _maxTokens);
                for (int taken = Interlocked.Increment(ref nextBatch); taken < batchCount; taken = Interlocked.Increment(ref nextBatch))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // Longest batches first: the workers then finish within one short batch of each other.
                    int start = (batchCount - 1 - taken) * _batchSize;
                    var members = order.AsSpan(start, Math.Min(_batchSize, order.Length - start));
                    RunBatch(batch, texts, members, destination);
                }
            }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }
        return Task.WhenAll(tasks);
    }

    /// <summary>
    /// Text indices sorted by character length (a cheap proxy for token count), ties by index: similar lengths share a
    /// batch so padding stays small, and the order is the same on every run.
    /// </summary>
    public static int[] BatchOrder(IReadOnlyList<string> texts)
    {
        var keys = new long[texts.Count];
        for (int i = 0; i < keys.Length; i++)
            keys[i] = ((long)(texts[i]?.Length ?? throw new ArgumentException($"Text {i} is null.", nameof(texts))) << 32) | (uint)i;
        Array.Sort(keys);
        var order = new int[keys.Length];
        for (int i = 0; i < order.Length; i++) order[i] = (int)keys[i];
        return order;
    }

    /// <summary>The token ids the model sees for <paramref name="text"/> ([CLS] … [SEP], truncated), for inspection and tests.</summary>
    public long[] Tokenize(string text) => Tokenize(_tokenizer, Model, text, _maxTokens);

    /// <summary>The WordPiece tokenizer of <paramref name="model"/>'s vocabulary.</summary>
    internal static BertTokenizer LoadTokenizer(SentenceEncoderModel model)
    {
        var tokenizer = new BertTokenizer();
        using var vocabulary = ModelResources.OpenVocabulary(model);
        tokenizer.LoadVocabulary(vocabulary, convertInputToLowercase: model.Lowercase);
        return tokenizer;
    }

    /// <summary>Token ids of one text as the encoder makes them (accent folding for uncased models, [CLS] … [SEP], at most <paramref name="maxTokens"/>).</summary>
    internal static long[] Tokenize(BertTokenizer tokenizer, SentenceEncoderModel model, string text, int maxTokens)
    {
        var ids = new long[maxTokens];
        var scratch = new long[2 * maxTokens];
        int count = tokenizer.Encode(model.Lowercase ? AccentFolder.Fold(text) : text, ids, scratch.AsSpan(0, maxTokens), scratch.AsSpan(maxTokens));
        return ids[..count];
    }

    private void RunBatch(BatchBuffers batch, IReadOnlyList<string> texts, ReadOnlySpan<int> members, float[] destination)
    {
        int rows = members.Length;
        int width = 0;
        for (int r = 0; r < rows; r++)
        {
            var text = texts[members[r]];
            if (Model.Lowercase) text = AccentFolder.Fold(text);
            var row = batch.Tokens.AsSpan(r * _maxTokens, _maxTokens);
            batch.Counts[r] = _tokenizer.Encode(text, row, batch.Scratch.AsSpan(0, _maxTokens), batch.Scratch.AsSpan(_maxTokens, _maxTokens));
            width = Math.Max(width, batch.Counts[r]);
        }

        int size = rows * width;
        var ids = batch.Ids.AsSpan(0, size);
        var mask = batch.Mask.AsSpan(0, size);
        ids.Clear();
        mask.Clear();
        for (int r = 0; r < rows; r++)
        {
            int count = batch.Counts[r];
            batch.Tokens.AsSpan(r * _maxTokens, count).CopyTo(ids.Slice(r * width, count));
            mask.Slice(r * width, count).Fill(1);
        }

        long[] shape = [rows, width];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.Ids.AsMemory(0, size), shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.Mask.AsMemory(0, size), shape);
        using var typesValue = _wantsTokenTypes
            ? OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.TokenTypes.AsMemory(0, size), shape)
            : null;
        var inputs = new Dictionary<string, OrtValue>(3) { ["input_ids"] = idsValue, ["attention_mask"] = maskValue };
        if (typesValue is not null) inputs["token_type_ids"] = typesValue;

        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, inputs, [HiddenStateOutput]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>();

        int dims = Dimensions;
        for (int r = 0; r < rows; r++)
        {
            var target = destination.AsSpan(members[r] * dims, dims);
            var states = hidden.Slice(r * width * dims, width * dims);
            if (Model.Pooling == Pooling.Cls)
            {
                states[..dims].CopyTo(target);
            }
            else
            {
                int count = batch.Counts[r];
                states[..dims].CopyTo(target);
                for (int t = 1; t < count; t++) TensorPrimitives.Add(target, states.Slice(t * dims, dims), target);
                TensorPrimitives.Divide(target, count, target);
            }
            if (VectorMath.Normalize(target) == 0f)
                throw new InvalidOperationException($"Model '{Model.Name}' produced a zero vector for text {members[r]}.");
        }
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        GeneratorServices.Resolve(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
    }

    /// <summary>One worker's reusable arrays: token rows at full width, then the packed [rows × width] model inputs.</summary>
    private sealed class BatchBuffers(int batchSize, int maxTokens)
    {
        public readonly long[] Tokens = new long[batchSize * maxTokens];
        public readonly int[] Counts = new int[batchSize];
        public readonly long[] Scratch = new long[2 * maxTokens];
        public readonly long[] Ids = new long[batchSize * maxTokens];
        public readonly long[] Mask = new long[batchSize * maxTokens];
        public readonly long[] TokenTypes = new long[batchSize * maxTokens];
    }
}
