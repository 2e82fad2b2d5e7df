using System.Numerics.Tensors;

namespace Strata.Recommend.Ranking;

/// <summary>
/// Learns a <see cref="LinearRanker"/> in two stages. First LambdaRank (Burges 2010, "From RankNet to LambdaRank to LambdaMART"): in each
/// group every (relevant i, irrelevant j) pair pushes w along z_i − z_j with weight σ(s_j − s_i)·|ΔnDCG@k_ij|, the change
/// of nDCG truncated at <see cref="RankerOptions.TruncationRank"/> when the two swap, so only pairs that decide the
/// evaluated top of the list count. Features are standardised. Weights
/// start at a prior w₀ (e.g. "trust the strongest base model") and the L2 penalty pulls toward it, so the ranker leaves
/// the prior only as far as the validation groups support. Then coordinate ascent on nDCG@k itself (Metzler &amp; Croft
/// 2007, RankLib's CoordinateAscent), started from whichever of the prior and the LambdaRank weights ranks the training
/// groups better: the pairwise surrogate does not always follow nDCG (on ml-100k it fell below its own prior on the
/// groups it learned from), while a line search per feature only ever keeps steps that raise it.
/// Deterministic for a seed (single-threaded: the data is small).
/// </summary>
public sealed class RankerTrainer(RankerOptions? options = null)
{
    private readonly RankerOptions _options = options ?? new RankerOptions();

    /// <param name="samples">Groups of labelled feature rows.</param>
    /// <param name="names">Feature names.</param>
    /// <param name="prior">Starting weights in raw feature units (empty: zero).</param>
    /// <param name="includeGroup">Groups to learn from (null: all).</param>
    public LinearRanker Fit(RankingSamples samples, IReadOnlyList<string> names, ReadOnlySpan<float> prior = default, Func<int, bool>? includeGroup = null)
    {
        int f = samples.Features;
        var (rows, means, scales) = samples.Standardised();
        var labels = samples.Labels.ToArray();
        var offsets = samples.GroupOffsets.ToArray();
        var weights = PriorWeights(prior, scales);
        var start = (float[])weights.Clone();
        var gradient = new float[f];
        var offset = new float[f];
        int largest = samples.LargestGroup();
        var scores = new float[largest];
        var lambdas = new float[largest];
        var discounts = new float[largest];
        var order = new int[largest];
        var keys = new float[largest];
        var groups = new int[samples.Groups];
        for (int g = 0; g < groups.Length; g++) groups[g] = g;
        var random = new Random(_options.Seed);
        int cut = _options.TruncationRank;
        var average = new float[f];
        int averaged = 0;

        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            float lr = _options.LearningRate / (1 + epoch * 0.1f);
            random.Shuffle(groups);
            foreach (var g in groups)
            {
                if (includeGroup is not null && !includeGroup(g)) continue;
                int first = offsets[g], count = offsets[g + 1] - first;
                double idcg = 0;
                for (int rank = 0; rank < Math.Min(cut, samples.RelevantTotal(g)); rank++) idcg += 1 / Math.Log2(rank + 2);
                if (idcg == 0) continue;
                for (int r = 0; r < count; r++)
                {
                    scores[r] = TensorPrimitives.Dot(rows.AsSpan((first + r) * f, f), weights);
                    keys[r] = -scores[r];
                    order[r] = r;
                    lambdas[r] = 0;
                }
                Array.Sort(keys, order, 0, count);
                for (int position = 0; position < count; position++) discounts[order[position]] = position < cut ? 1f / MathF.Log2(position + 2) : 0f;
                for (int i = 0; i < count; i++)
                {
                    if (!labels[first + i]) continue;
                    for (int j = 0; j < count; j++)
                    {
                        if (labels[first + j]) continue;
                        var weight = MathF.Abs(discounts[i] - discounts[j]) / (float)idcg / (1f + MathF.Exp(scores[i] - scores[j]));
                        lambdas[i] += weight;
                        lambdas[j] -= weight;
                    }
                }
                Array.Clear(gradient);
                float mass = 0;
                for (int r = 0; r < count; r++)
                {
                    if (lambdas[r] == 0) continue;
                    TensorPrimitives.MultiplyAdd(rows.AsSpan((first + r) * f, f), lambdas[r], gradient, gradient);
                    if (lambdas[r] > 0) mass += lambdas[r];
                }
                if (mass == 0) continue;
                // Each group moves the weights by at most one step of unit λ mass: big candidate sets must not dominate.
                TensorPrimitives.Divide(gradient, MathF.Max(1f, mass), gradient);
                TensorPrimitives.Subtract(weights, start, offset);
                TensorPrimitives.MultiplyAdd(offset, -_options.Regularization, gradient, gradient);
                TensorPrimitives.MultiplyAdd(gradient, lr, weights, weights);
            }
            // Polyak averaging over the second half of the epochs: the average of an SGD path is steadier than its end.
            if (epoch >= _options.Epochs / 2)
            {
                TensorPrimitives.Add(average, weights, average);
                averaged++;
            }
        }
        if (averaged > 0) TensorPrimitives.Divide(average, averaged, weights);
        if (_options.AscentRounds > 0)
        {
            var objective = new NdcgObjective(rows, labels, offsets, samples, f, cut, includeGroup);
            if (objective.Reset(start) >= objective.Reset(weights)) weights = start;
            weights = CoordinateAscent(objective, weights, random);
        }
        return new LinearRanker(weights, means, scales, names);
    }

    /// <summary>
    /// Rounds of: for each feature in random order, try moving its weight by ±step for a ladder of steps (relative to the
    /// weight vector's length) and keep the best move when it raises the objective. Stops early when a round changes nothing.
    /// </summary>
    private float[] CoordinateAscent(NdcgObjective objective, float[] weights, Random random)
    {
        var current = objective.Reset(weights);
        var features = Enumerable.Range(0, weights.Length).ToArray();
        ReadOnlySpan<float> steps = [0.05f, -0.05f, 0.1f, -0.1f, 0.2f, -0.2f, 0.4f, -0.4f, 0.8f, -0.8f];
        for (int round = 0; round < _options.AscentRounds; round++)
        {
            bool moved = false;
            random.Shuffle(features);
            foreach (var feature in features)
            {
                var length = MathF.Max(TensorPrimitives.Norm(weights), 1e-3f);
                float best = 0f;
                foreach (var step in steps)
                {
                    var value = objective.Value(feature, step * length);
                    if (value > current + 1e-9) { current = value; best = step * length; }
                }
                if (best == 0f) continue;
                weights[feature] += best;
                objective.Accept(feature, best);
                moved = true;
            }
            if (!moved) break;
        }
        return weights;
    }

    /// <summary>
    /// Mean nDCG@k of the included groups (Recommenders' IDCG over min(k, relevant)) under standardised weights, with the
    /// rows' scores kept so that a trial move of one weight costs one pass over one feature column.
    /// </summary>
    private sealed class NdcgObjective(float[] rows, bool[] labels, int[] offsets, RankingSamples samples, int features, int k, Func<int, bool>? includeGroup)
    {
        private readonly float[] _base = new float[labels.Length];
        private readonly float[] _trial = new float[labels.Length];
        private readonly int[] _top = new int[k];

        public double Reset(float[] weights)
        {
            for (int r = 0; r < _base.Length; r++) _base[r] = TensorPrimitives.Dot(rows.AsSpan(r * features, features), weights);
            return Value(0, 0f);
        }

        public void Accept(int feature, float delta)
        {
            for (int r = 0; r < _base.Length; r++) _base[r] += delta * rows[r * features + feature];
        }

        /// <summary>The objective with weight <paramref name="feature"/> moved by <paramref name="delta"/>.</summary>
        public double Value(int feature, float delta)
        {
            double sum = 0;
            int groups = 0;
            for (int g = 0; g < samples.Groups; g++)
            {
                if (includeGroup is not null && !includeGroup(g)) continue;
                int first = offsets[g], count = offsets[g + 1] - first;
                var scores = _trial.AsSpan(first, count);
                for (int r = 0; r < count; r++) scores[r] = _base[first + r] + delta * rows[(first + r) * features + feature];
                var found = TopK.Select(scores, _top);
                double dcg = 0, idcg = 0;
                for (int rank = 0; rank < found; rank++) if (labels[first + _top[rank]]) dcg += 1 / Math.Log(rank + 2);
                for (int rank = 0; rank < Math.Min(k, samples.RelevantTotal(g)); rank++) idcg += 1 / Math.Log(rank + 2);
                sum += idcg > 0 ? dcg / idcg : 0;
                groups++;
            }
            return groups == 0 ? 0 : sum / groups;
        }
    }

    /// <summary>The prior alone as a ranker (same standardisation as <see cref="Fit"/>).</summary>
    public LinearRanker Prior(RankingSamples samples, IReadOnlyList<string> names, ReadOnlySpan<float> prior)
    {
        var (_, means, scales) = samples.Standardised();
        return new LinearRanker(PriorWeights(prior, scales), means, scales, names);
    }

    /// <summary>
    /// The prior in standardised units (raw weight × feature scale), its length set to <see cref="RankerOptions.PriorNorm"/>:
    /// pairwise logistic gradients depend on the score scale, and a prior whose score gaps are tiny would be pulled toward
    /// "positives versus average negatives" instead of refining the top of its own list.
    /// </summary>
    private float[] PriorWeights(ReadOnlySpan<float> prior, float[] scales)
    {
        var weights = new float[scales.Length];
        if (prior.IsEmpty) return weights;
        TensorPrimitives.Multiply(prior, scales, weights);
        var norm = TensorPrimitives.Norm(weights);
        if (norm > 0) TensorPrimitives.Multiply(weights, _options.PriorNorm / norm, weights);
        return weights;
    }
}
