using System.Numerics;
using System.Numerics.Tensors;
using Strata.Recommend.Linear;

namespace Strata.Recommend.Sequential;

/// <summary>
/// Fits <see cref="SequentialModel"/> on the training events only. Every user's item sequence (see
/// <see cref="SequentialModel.Sequence"/>) gives one example per position t ≥ 1: the window of items before t predicts the
/// item at t, by a sampled softmax against negatives drawn uniformly from the items with training events (shared by a
/// batch). Adam on the attention weights and item offsets, lazy Adam on the embedding rows a batch touched (AdamW decay),
/// a seeded generator, and each batch's gradient summed from a fixed number of slices (one thread each), so a seed gives
/// the same model bit for bit on any machine.
/// Embeddings start as a seeded random projection of each item's text vector, so items with similar text start close;
/// items without training events are then placed by ridge regression from text vector to learned embedding (fitted on
/// the items with events), which makes the model inductive for any item with text.
/// </summary>
public sealed class SequentialTrainer(SequentialOptions? options = null) : IRecommenderTrainer
{
    private readonly SequentialOptions _options = Validated(options ?? new SequentialOptions());

    public string Name => "seq";

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default) => FitModel(data, cancellationToken);

    public SequentialModel FitModel(RecommenderData data, CancellationToken cancellationToken = default)
    {
        int items = data.Items.Count, d = _options.Dimensions, window = _options.Window;
        var sequences = UserHistories.From(data.Train).Select(h => SequentialModel.Sequence(h, items, data.Feedback)).ToArray();
        var trained = new bool[items];
        var examples = new List<long>();
        for (int u = 0; u < sequences.Length; u++)
            for (int t = 0; t < sequences[u].Length; t++)
            {
                trained[sequences[u][t]] = true;
                if (t > 0) examples.Add(((long)u << 32) | (uint)t);
            }
        var trainedItems = Enumerable.Range(0, items).Where(i => trained[i]).ToArray();
        var random = new Random(_options.Seed);
        var attention = new InterestAttention(items, d, window);
        InitialiseEmbeddings(attention, data, random);
        if (examples.Count > 0 && trainedItems.Length > 0) Train(attention, sequences, examples.ToArray(), trainedItems, random, cancellationToken);
        PlaceItemsWithoutEvents(attention, data, trained);
        return new SequentialModel(attention, data.Feedback);
    }

    /// <summary>Embeddings with a gradient per shard and Adam's two moments (3 + shards copies of items × d), the sequences and the example list.</summary>
    public long EstimateBytes(DataShape shape) =>
        (3L + _options.Shards) * shape.Items * (_options.Dimensions + 1) * sizeof(float) + shape.Events * (sizeof(int) + sizeof(long)) + shape.InteractionBytes;

    /// <summary><see cref="SequentialOptions.Epochs"/>, fewer (at least one) when they would visit more than <see cref="SequentialOptions.MaxExampleVisits"/> examples.</summary>
    internal int EpochsFor(long examples) =>
        examples == 0 ? _options.Epochs : (int)Math.Min(_options.Epochs, Math.Max(1, _options.MaxExampleVisits / examples));

    private static SequentialOptions Validated(SequentialOptions options)
    {
        if (options.Dimensions < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Sequential Dimensions is {options.Dimensions}; expected ≥ 1.");
        if (options.Window < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Sequential Window is {options.Window}; expected ≥ 1.");
        if (options.Epochs < 0) throw new ArgumentOutOfRangeException(nameof(options), $"Sequential Epochs is {options.Epochs}; expected ≥ 0.");
        if (options.MaxExampleVisits < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Sequential MaxExampleVisits is {options.MaxExampleVisits}; expected ≥ 1.");
        if (options.Shards < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Sequential Shards is {options.Shards}; expected ≥ 1.");
        if (options.BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Sequential BatchSize is {options.BatchSize}; expected ≥ 1.");
        if (options.Negatives < 1) throw new ArgumentOutOfRangeException(nameof(options), $"Sequential Negatives is {options.Negatives}; expected ≥ 1.");
        if (!(options.LearningRate > 0)) throw new ArgumentOutOfRangeException(nameof(options), $"Sequential LearningRate is {options.LearningRate}; expected > 0.");
        return options;
    }

    /// <summary>e_i = InitialNorm · normalise(R x_i) for a seeded Gaussian R (d × text width); a seeded random direction without text.</summary>
    private void InitialiseEmbeddings(InterestAttention attention, RecommenderData data, Random random)
    {
        int d = attention.Dimensions;
        var text = data.ItemVectors is { } vectors && data.Dimensions > 0 && vectors.Length == attention.Items * data.Dimensions ? vectors : null;
        var projection = text is null ? null : Gaussians(random, d * data.Dimensions);
        for (int i = 0; i < attention.Items; i++)
        {
            var row = attention.Row(i);
            if (text is null || projection is null)
                Gaussians(random, d).CopyTo(row);
            else
                for (int r = 0; r < d; r++)
                    row[r] = TensorPrimitives.Dot(projection.AsSpan(r * data.Dimensions, data.Dimensions), text.AsSpan(i * data.Dimensions, data.Dimensions));
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0) TensorPrimitives.Multiply(row, _options.InitialNorm / norm, row);
        }
    }

    private static float[] Gaussians(Random random, int count)
    {
        var values = new float[count];
        for (int k = 0; k < count; k++)
            values[k] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return values;
    }

    private void Train(InterestAttention attention, int[][] sequences, long[] examples, int[] trainedItems, Random random, CancellationToken cancellationToken)
    {
        int window = attention.Window, batch = _options.BatchSize;
        var adam = new AdamState(attention, _options.LearningRate, _options.WeightDecay);
        var negatives = new int[_options.Negatives];
        var shards = Enumerable.Range(0, _options.Shards).Select(_ => new Shard(attention, negatives.Length)).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = shards.Length, CancellationToken = cancellationToken };
        for (int epoch = 0; epoch < EpochsFor(examples.Length); epoch++)
        {
            random.Shuffle(examples);
            for (int start = 0; start < examples.Length; start += batch)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int size = Math.Min(examples.Length, start + batch) - start;
                for (int k = 0; k < negatives.Length; k++) negatives[k] = trainedItems[random.Next(trainedItems.Length)];
                // Shard s takes a fixed slice of the batch, so the sums below never depend on cores or scheduling.
                Parallel.For(0, shards.Length, parallel, s =>
                {
                    var shard = shards[s];
                    int from = start + (int)((long)size * s / shards.Length), to = start + (int)((long)size * (s + 1) / shards.Length);
                    if (from < to)
                        foreach (var item in negatives) shard.Touch(item);
                    for (int e = from; e < to; e++)
                    {
                        var sequence = sequences[(int)(examples[e] >> 32)];
                        int t = (int)(uint)examples[e];
                        var recent = sequence.AsSpan(Math.Max(0, t - window), Math.Min(t, window));
                        foreach (var item in recent) shard.Touch(item);
                        shard.Touch(sequence[t]);
                        attention.NextItemLoss(recent, sequence[t], negatives, shard.Workspace, shard.Logits, shard.Gradient);
                    }
                });
                adam.Step(attention, shards, 1f / size, parallel);
            }
        }
    }

    /// <summary>One slice of a batch's gradient: the rows it touched (so clearing costs the batch) and its own workspace.</summary>
    private sealed class Shard(InterestAttention attention, int negatives)
    {
        private readonly bool[] _touched = new bool[attention.Items];

        public InterestAttention Gradient { get; } = new(attention.Items, attention.Dimensions, attention.Window);
        public InterestAttention.Workspace Workspace { get; } = new(attention.Dimensions, attention.Window);
        public float[] Logits { get; } = new float[1 + negatives];
        public List<int> TouchedRows { get; } = [];

        /// <summary>One row's summed gradient while this shard's thread takes its share of the step's rows.</summary>
        public float[] Scratch { get; } = new float[attention.Dimensions];

        public void Touch(int item)
        {
            if (_touched[item]) return;
            _touched[item] = true;
            TouchedRows.Add(item);
        }

        public bool Touched(int item) => _touched[item];

        /// <summary>Forgets the touched rows once their gradients are zero again.</summary>
        public void Forget()
        {
            foreach (var row in TouchedRows) _touched[row] = false;
            TouchedRows.Clear();
        }
    }

    /// <summary>
    /// Items with no training events get e = Mᵀx from their text vector x, M the ridge solution of X M ≈ E over the items
    /// with events, and the mean offset β of those items; without text they get no score (β = −∞).
    /// </summary>
    private void PlaceItemsWithoutEvents(InterestAttention attention, RecommenderData data, bool[] trained)
    {
        var untrained = Enumerable.Range(0, attention.Items).Where(i => !trained[i]).ToArray();
        if (untrained.Length == 0) return;
        int d = attention.Dimensions;
        var warm = Enumerable.Range(0, attention.Items).Where(i => trained[i]).ToArray();
        var text = data.ItemVectors is { } vectors && data.Dimensions > 0 && vectors.Length == attention.Items * data.Dimensions ? vectors : null;
        if (text is null || warm.Length == 0)
        {
            foreach (var i in untrained)
            {
                attention.Row(i).Clear();
                attention.Bias[i] = float.NegativeInfinity;
            }
            return;
        }
        int width = data.Dimensions;
        var gram = new float[width * width];
        var cross = new float[width * d];
        foreach (var i in warm)
        {
            var x = text.AsSpan(i * width, width);
            for (int r = 0; r < width; r++)
            {
                TensorPrimitives.MultiplyAdd(x, x[r], gram.AsSpan(r * width, width), gram.AsSpan(r * width, width));
                TensorPrimitives.MultiplyAdd(attention.Row(i), x[r], cross.AsSpan(r * d, d), cross.AsSpan(r * d, d));
            }
        }
        var inverse = new double[width * width];
        for (int k = 0; k < inverse.Length; k++) inverse[k] = gram[k];
        for (int r = 0; r < width; r++) inverse[r * width + r] += _options.TextRidge;
        SymmetricPositiveDefinite.Invert(inverse, width);
        // M = (XᵀX + λI)⁻¹ XᵀE, width × d
        var map = new float[width * d];
        var inverseRow = new float[width];
        for (int r = 0; r < width; r++)
        {
            for (int c = 0; c < width; c++) inverseRow[c] = (float)inverse[r * width + c];
            var mapRow = map.AsSpan(r * d, d);
            for (int c = 0; c < width; c++) TensorPrimitives.MultiplyAdd(cross.AsSpan(c * d, d), inverseRow[c], mapRow, mapRow);
        }
        float meanBias = 0;
        foreach (var i in warm) meanBias += attention.Bias[i];
        meanBias /= warm.Length;
        foreach (var i in untrained)
        {
            var row = attention.Row(i);
            row.Clear();
            var x = text.AsSpan(i * width, width);
            for (int r = 0; r < width; r++) TensorPrimitives.MultiplyAdd(map.AsSpan(r * d, d), x[r], row, row);
            attention.Bias[i] = meanBias;
        }
    }

    /// <summary>
    /// Adam (Kingma &amp; Ba 2015) with decoupled weight decay; embedding rows and item offsets are updated only when a
    /// batch touched them (lazy Adam), so a step costs the batch's rows, not the catalogue's: with dense offsets, a step on
    /// 10⁶ items spent most of its time decaying a million untouched moments.
    /// </summary>
    private sealed class AdamState(InterestAttention parameters, float learningRate, float weightDecay)
    {
        private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
        // The attention's dense arrays keep their moments apart; each item keeps its row's and its offset's moments in one
        // block [m(d), v(d), m_β, v_β], so a step reads one place per item for them instead of four.
        private readonly float[][] _first = [.. parameters.Arrays.Select((a, i) => new float[i < 2 ? 0 : a.Length])];
        private readonly float[][] _second = [.. parameters.Arrays.Select((a, i) => new float[i < 2 ? 0 : a.Length])];
        private readonly float[] _itemMoments = new float[(long)parameters.Items * ItemBlock(parameters.Dimensions)];
        private readonly bool[] _inStep = new bool[parameters.Items];
        private readonly List<int> _rows = [];
        private int _step;

        private static int ItemBlock(int dimensions) => 2 * dimensions + 2;

        /// <summary>
        /// Sums the shards' gradients, in shard order, and takes one step; every shard's gradient is zero again afterwards.
        /// The rows any shard touched are split among the shards' threads, and each row reads only the shards that touched
        /// it: at 10⁶ items a step is bound by fetching rows from memory, and was as slow as the batch's forward and
        /// backward passes together. Each row's arithmetic is the same wherever it runs, so a seed gives the same model
        /// bit for bit.
        /// </summary>
        public void Step(InterestAttention parameters, Shard[] shards, float gradientScale, ParallelOptions parallel)
        {
            _step++;
            var rate = learningRate * MathF.Sqrt(1 - MathF.Pow(Beta2, _step)) / (1 - MathF.Pow(Beta1, _step));
            _rows.Clear();
            foreach (var shard in shards)
                foreach (var row in shard.TouchedRows)
                    if (!_inStep[row])
                    {
                        _inStep[row] = true;
                        _rows.Add(row);
                    }
            int d = parameters.Dimensions, block = ItemBlock(d);
            Parallel.For(0, shards.Length, parallel, part =>
            {
                var sum = shards[part].Scratch;
                for (int k = _rows.Count * part / shards.Length, end = _rows.Count * (part + 1) / shards.Length; k < end; k++)
                {
                    int row = _rows[k];
                    _inStep[row] = false;
                    float bias = 0f;
                    bool any = false;
                    foreach (var shard in shards)
                    {
                        if (!shard.Touched(row)) continue;
                        var gradient = shard.Gradient;
                        if (any) TensorPrimitives.Add(sum, gradient.Row(row), sum);
                        else gradient.Row(row).CopyTo(sum);
                        bias = any ? bias + gradient.Bias[row] : gradient.Bias[row];
                        any = true;
                        gradient.Row(row).Clear();
                        gradient.Bias[row] = 0f;
                    }
                    var moments = _itemMoments.AsSpan((int)((long)row * block), block);
                    Update(parameters.Row(row), sum, moments[..d], moments.Slice(d, d), rate, gradientScale);
                    UpdateOne(ref parameters.Bias[row], bias, ref moments[2 * d], ref moments[2 * d + 1], rate, gradientScale);
                }
            });
            foreach (var shard in shards) shard.Forget();
            var values = parameters.Arrays;
            var sums = shards[0].Gradient.Arrays;
            for (int a = 2; a < values.Length; a++)
            {
                for (int s = 1; s < shards.Length; s++)
                {
                    var other = shards[s].Gradient.Arrays[a];
                    TensorPrimitives.Add(sums[a], other, sums[a]);
                    Array.Clear(other);
                }
                Update(values[a], sums[a], _first[a], _second[a], rate, gradientScale);
                Array.Clear(sums[a]);
            }
        }

        /// <summary>
        /// Adam with decoupled weight decay over one parameter span, in a single pass (a row is 64 floats, so a call per
        /// operation cost more than the arithmetic): m = β₁m + (1−β₁)g, v = β₂v + (1−β₂)g², w = w(1 − lr·wd) − rate·m/(√v + ε).
        /// </summary>
        private void Update(Span<float> w, ReadOnlySpan<float> gradient, Span<float> m, Span<float> v, float rate, float gradientScale)
        {
            var decay = 1 - learningRate * weightDecay;
            int i = 0;
            if (Vector.IsHardwareAccelerated)
                for (; i <= w.Length - Vector<float>.Count; i += Vector<float>.Count)
                {
                    var g = new Vector<float>(gradient[i..]) * gradientScale;
                    var first = new Vector<float>(m[i..]) * Beta1 + g * (1 - Beta1);
                    var second = new Vector<float>(v[i..]) * Beta2 + g * g * (1 - Beta2);
                    first.CopyTo(m[i..]);
                    second.CopyTo(v[i..]);
                    (first / (Vector.SquareRoot(second) + new Vector<float>(Epsilon)) * -rate + new Vector<float>(w[i..]) * decay).CopyTo(w[i..]);
                }
            for (; i < w.Length; i++)
            {
                var g = gradient[i] * gradientScale;
                m[i] = m[i] * Beta1 + g * (1 - Beta1);
                v[i] = v[i] * Beta2 + g * g * (1 - Beta2);
                w[i] = m[i] / (MathF.Sqrt(v[i]) + Epsilon) * -rate + w[i] * decay;
            }
        }

        /// <summary>One item offset's update, without the vector calls' overhead.</summary>
        private void UpdateOne(ref float value, float gradient, ref float m, ref float v, float rate, float gradientScale)
        {
            var g = gradient * gradientScale;
            m = Beta1 * m + (1 - Beta1) * g;
            v = Beta2 * v + (1 - Beta2) * g * g;
            value = value * (1 - learningRate * weightDecay) - rate * m / (MathF.Sqrt(v) + Epsilon);
        }
    }
}
