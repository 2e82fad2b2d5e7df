using System.Numerics.Tensors;
using Strata.Core.Interactions;
using Strata.Recommend.Collaborative;
using Strata.Interests.Profiles;

namespace Strata.Recommend.Content;

/// <summary>How the item tower is shaped and trained.</summary>
public sealed record ItemTowerOptions
{
    /// <summary>Hidden units of the adapter.</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>Optimiser steps (each one batch of pairs).</summary>
    public int Steps { get; init; } = 400;

    /// <summary>Pairs per batch; each pair's positive is every other pair's negative.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam's step size.</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Softmax temperature τ of the cosine logits.</summary>
    public float Temperature { get; init; } = 0.1f;

    /// <summary>Share of the sampled pairs that are co-interactions (two items of one user, any order); the rest are next-item pairs.</summary>
    public double CoInteractionShare { get; init; } = 0.5;

    public int Seed { get; init; } = 42;
}

/// <summary>
/// Trains an <see cref="ItemTower"/> on training events only: a user's consecutive positive items by time (next-item
/// pairs) and two random items of one user (co-interaction pairs) should map close together, against the other pairs'
/// items in the batch (in-batch negatives, sampled softmax over cosines / τ). Gradients are written out by hand
/// (<see cref="ItemTower.Backward"/>) and the optimiser is Adam. Deterministic for a seed: batches are drawn by a seeded
/// generator and gradients summed over a fixed partition of the batch in a fixed order, whatever the thread count.
/// </summary>
public sealed class ItemTowerTrainer(ItemTowerOptions? options = null)
{
    private const int Partitions = 4;
    private readonly ItemTowerOptions _options = options ?? new ItemTowerOptions();

    public ItemTowerOptions Options => _options;

    /// <summary>Trains the tower on <paramref name="data"/>'s events over its (frozen) item vectors.</summary>
    /// <exception cref="InvalidOperationException">No item vectors.</exception>
    public ItemTower Fit(RecommenderData data, CancellationToken cancellationToken = default)
    {
        if (data.ItemVectors is null || data.Dimensions <= 0)
            throw new InvalidOperationException("The item tower needs item vectors (RecommenderData.ItemVectors).");
        var tower = ItemTower.Initial(data.ItemVectors, data.Dimensions, _options.Hidden, _options.Seed);
        var sequences = Sequences(data.Train, data.Feedback);
        if (sequences.Count == 0) return tower;
        var random = new Random(_options.Seed);
        var batch = new Batch(tower, _options.BatchSize);
        var adam = new Adam(tower.Parameters.Length, _options.LearningRate);
        for (int step = 0; step < _options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int i = 0; i < batch.Size; i++)
            {
                var sequence = sequences[random.Next(sequences.Count)];
                int a, p;
                if (random.NextDouble() < _options.CoInteractionShare)
                {
                    a = random.Next(sequence.Length);
                    p = random.Next(sequence.Length - 1);
                    if (p >= a) p++;
                }
                else
                {
                    a = random.Next(sequence.Length - 1);
                    p = a + 1;
                }
                batch.Anchors[i] = sequence[a];
                batch.Positives[i] = sequence[p];
            }
            batch.Gradient.AsSpan().Clear();
            LossAndGradient(tower, data.ItemVectors, batch, _options.Temperature, withGradient: true);
            adam.Step(tower.Parameters, batch.Gradient);
        }
        return tower;
    }

    /// <summary>Each training user's distinct positive items by time (first occurrence), users with two or more only.</summary>
    internal static List<int[]> Sequences(EventTable train, EventWeights feedback)
    {
        var (offsets, rows) = train.RowsByUser();
        var sequences = new List<int[]>();
        var items = new List<int>();
        var seen = new HashSet<int>();
        for (int u = 0; u < train.Users.Count; u++)
        {
            var userRows = rows[offsets[u]..offsets[u + 1]];
            Array.Sort(userRows, (x, y) => train.Seconds[x] != train.Seconds[y] ? train.Seconds[x].CompareTo(train.Seconds[y]) : x.CompareTo(y));
            items.Clear();
            seen.Clear();
            foreach (var r in userRows)
            {
                var item = train.ItemIndex[r];
                if (item >= 0 && feedback.IsPositive(train.Types[r], train.Values[r]) && seen.Add(item)) items.Add(item);
            }
            if (items.Count >= 2) sequences.Add([.. items]);
        }
        return sequences;
    }

    /// <summary>One batch of pairs with every buffer its forward and backward passes need.</summary>
    internal sealed class Batch
    {
        public Batch(ItemTower tower, int size)
        {
            Size = size;
            Anchors = new int[size];
            Positives = new int[size];
            Rows = Enumerable.Range(0, 2 * size).Select(_ => new ItemTower.Activations(tower.Dimensions, tower.Hidden)).ToArray();
            Logits = new float[size * size];
            OutputGradients = new float[2 * size * tower.Dimensions];
            Gradient = new float[tower.Parameters.Length];
            PartitionGradients = new float[Partitions][];
            for (int p = 0; p < Partitions; p++) PartitionGradients[p] = new float[tower.Parameters.Length];
        }

        public int Size { get; }
        public int[] Anchors { get; }
        public int[] Positives { get; }

        /// <summary>Anchors' activations in rows 0…Size−1, positives' in Size…2·Size−1.</summary>
        public ItemTower.Activations[] Rows { get; }
        public float[] Logits { get; }
        public float[] OutputGradients { get; }
        public float[] Gradient { get; }
        public float[][] PartitionGradients { get; }
    }

    /// <summary>
    /// Mean over the batch of the sampled-softmax loss −log softmax(s_i)[i], s_ij = e(anchor_i) · e(positive_j) / τ, where
    /// a positive equal to pair i's own positive is not a negative for it (masked). With <paramref name="withGradient"/>,
    /// adds ∂loss/∂θ to <see cref="Batch.Gradient"/>.
    /// </summary>
    internal static double LossAndGradient(ItemTower tower, float[] vectors, Batch batch, float temperature, bool withGradient)
    {
        int n = batch.Size, d = tower.Dimensions;
        Parallel.For(0, 2 * n, r =>
        {
            var item = r < n ? batch.Anchors[r] : batch.Positives[r - n];
            tower.Forward(vectors.AsSpan(item * d, d), batch.Rows[r]);
        });
        var logits = batch.Logits;
        double loss = 0;
        var inverseTemperature = 1f / temperature;
        for (int i = 0; i < n; i++)
        {
            var row = logits.AsSpan(i * n, n);
            var anchor = batch.Rows[i].Output;
            for (int j = 0; j < n; j++)
                row[j] = j != i && batch.Positives[j] == batch.Positives[i]
                    ? float.NegativeInfinity
                    : TensorPrimitives.Dot(anchor, batch.Rows[n + j].Output) * inverseTemperature;
            var max = TensorPrimitives.Max(row);
            double sum = 0;
            for (int j = 0; j < n; j++) sum += Math.Exp(row[j] - max);
            loss += max + Math.Log(sum) - row[i];
            if (!withGradient) continue;
            // ∂loss/∂s_ij = (softmax_ij − [i = j]) / n, kept in place of the logits.
            for (int j = 0; j < n; j++) row[j] = (float)(Math.Exp(row[j] - max) / sum / n);
            row[i] -= 1f / n;
        }
        if (!withGradient) return loss / n;

        // ∂e(anchor_i) = Σ_j g_ij e(positive_j) / τ; ∂e(positive_j) = Σ_i g_ij e(anchor_i) / τ.
        var outputGradients = batch.OutputGradients;
        outputGradients.AsSpan().Clear();
        for (int i = 0; i < n; i++)
        {
            var dAnchor = outputGradients.AsSpan(i * d, d);
            for (int j = 0; j < n; j++)
            {
                var g = logits[i * n + j] * inverseTemperature;
                if (g == 0f) continue;
                TensorPrimitives.MultiplyAdd(batch.Rows[n + j].Output, g, dAnchor, dAnchor);
                var dPositive = outputGradients.AsSpan((n + j) * d, d);
                TensorPrimitives.MultiplyAdd(batch.Rows[i].Output, g, dPositive, dPositive);
            }
        }
        // Rows split into a fixed number of partitions, each summed by one task, then the partitions in order: the same
        // floating-point sums on any number of threads.
        int rows = 2 * n, per = (rows + Partitions - 1) / Partitions;
        Parallel.For(0, Partitions, p =>
        {
            var partial = batch.PartitionGradients[p];
            Array.Clear(partial);
            var scratch = new float[2 * d + tower.Hidden];
            for (int r = p * per; r < Math.Min(rows, (p + 1) * per); r++)
                tower.Backward(batch.Rows[r], outputGradients.AsSpan(r * d, d), partial, scratch);
        });
        foreach (var partial in batch.PartitionGradients) TensorPrimitives.Add(batch.Gradient, partial, batch.Gradient);
        return loss / n;
    }

    /// <summary>Adam (Kingma &amp; Ba 2015) over one flat parameter buffer.</summary>
    private sealed class Adam(int count, double learningRate)
    {
        private const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
        private readonly float[] _first = new float[count];
        private readonly float[] _second = new float[count];
        private int _step;

        public void Step(float[] parameters, float[] gradient)
        {
            _step++;
            var correction1 = 1 - Math.Pow(Beta1, _step);
            var correction2 = 1 - Math.Pow(Beta2, _step);
            var rate = (float)(learningRate * Math.Sqrt(correction2) / correction1);
            for (int i = 0; i < parameters.Length; i++)
            {
                var g = gradient[i];
                _first[i] = (float)(Beta1 * _first[i] + (1 - Beta1) * g);
                _second[i] = (float)(Beta2 * _second[i] + (1 - Beta2) * g * g);
                parameters[i] -= rate * _first[i] / (MathF.Sqrt(_second[i]) + (float)Epsilon);
            }
        }
    }
}
