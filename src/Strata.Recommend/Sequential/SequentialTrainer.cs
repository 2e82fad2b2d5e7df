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
                for (int s = 1; s < shards.Length; s++) shards[0].Absorb(shards[s]);
                adam.Step(attention, shards[0].Gradient, shards[0].TouchedRows, 1f / size);
                shards[0].Clear();
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

        public void Touch(int item)
        {
            if (_touched[item]) return;
            _touched[item] = true;
            TouchedRows.Add(item);
        }

        /// <summary>Adds <paramref name="other"/>'s gradient into this one and clears it.</summary>
        public void Absorb(Shard other)
        {
            foreach (var row in other.TouchedRows)
            {
                TensorPrimitives.Add(Gradient.Row(row), other.Gradient.Row(row), Gradient.Row(row));
                Gradient.Bias[row] += other.Gradient.Bias[row];
                Touch(row);
            }
            var mine = Gradient.Arrays;
            var theirs = other.Gradient.Arrays;
            for (int a = 2; a < mine.Length; a++) TensorPrimitives.Add(mine[a], theirs[a], mine[a]);
            other.Clear();
        }

        public void Clear()
        {
            foreach (var row in TouchedRows)
            {
                _touched[row] = false;
                Gradient.Row(row).Clear();
                Gradient.Bias[row] = 0f;
            }
            TouchedRows.Clear();
            foreach (var array in Gradient.Arrays.AsSpan(2)) Array.Clear(array);
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
        private readonly float[][] _first = [.. parameters.Arrays.Select(a => new float[a.Length])];
        private readonly float[][] _second = [.. parameters.Arrays.Select(a => new float[a.Length])];
        private readonly float[] _scratch = new float[Math.Max(parameters.Dimensions * parameters.Dimensions, Math.Max(parameters.Items, parameters.Window))];
        private int _step;

        public void Step(InterestAttention parameters, InterestAttention gradient, List<int> embeddingRows, float gradientScale)
        {
            _step++;
            var rate = learningRate * MathF.Sqrt(1 - MathF.Pow(Beta2, _step)) / (1 - MathF.Pow(Beta1, _step));
            var values = parameters.Arrays;
            var gradients = gradient.Arrays;
            int d = parameters.Dimensions;
            foreach (var row in embeddingRows)
            {
                Update(values[0], gradients[0], 0, row * d, d, rate, gradientScale);
                UpdateOne(values[1], gradients[1], 1, row, rate, gradientScale);
            }
            for (int a = 2; a < values.Length; a++) Update(values[a], gradients[a], a, 0, values[a].Length, rate, gradientScale);
        }

        /// <summary><see cref="Update"/> of one scalar (an item offset), without the vector calls' overhead.</summary>
        private void UpdateOne(float[] value, float[] gradient, int array, int index, float rate, float gradientScale)
        {
            var g = gradient[index] * gradientScale;
            ref var m = ref _first[array][index];
            ref var v = ref _second[array][index];
            m = Beta1 * m + (1 - Beta1) * g;
            v = Beta2 * v + (1 - Beta2) * g * g;
            value[index] = value[index] * (1 - learningRate * weightDecay) - rate * m / (MathF.Sqrt(v) + Epsilon);
        }

        private void Update(float[] value, float[] gradient, int array, int offset, int length, float rate, float gradientScale)
        {
            var w = value.AsSpan(offset, length);
            var g = _scratch.AsSpan(0, length);
            TensorPrimitives.Multiply(gradient.AsSpan(offset, length), gradientScale, g);
            var m = _first[array].AsSpan(offset, length);
            var v = _second[array].AsSpan(offset, length);
            // m = β₁m + (1−β₁)g;  v = β₂v + (1−β₂)g²
            TensorPrimitives.Multiply(m, Beta1, m);
            TensorPrimitives.MultiplyAdd(g, 1 - Beta1, m, m);
            TensorPrimitives.Multiply(v, Beta2, v);
            TensorPrimitives.Multiply(g, g, g);
            TensorPrimitives.MultiplyAdd(g, 1 - Beta2, v, v);
            // w −= lr·wd·w + rate · m / (√v + ε)
            TensorPrimitives.Multiply(w, 1 - learningRate * weightDecay, w);
            TensorPrimitives.Sqrt(v, g);
            TensorPrimitives.Add(g, Epsilon, g);
            TensorPrimitives.Divide(m, g, g);
            TensorPrimitives.MultiplyAdd(g, -rate, w, w);
        }
    }
}
