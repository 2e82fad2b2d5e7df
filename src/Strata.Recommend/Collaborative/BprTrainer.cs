using System.Numerics.Tensors;
using Strata.Interests.Profiles;

namespace Strata.Recommend.Collaborative;

/// <summary>
/// BPR-MF (Rendle et al. 2009, "BPR: Bayesian Personalized Ranking from Implicit Feedback"): for sampled triples
/// (u, i ∈ X_u, j ∉ X_u) maximise ln σ(x̂_ui − x̂_uj), x̂_ui = b_i + p_u·q_i, by SGD. Threads update the shared factor
/// arrays without locks (Hogwild, Niu et al. 2011); each thread draws from its own seeded generator.
/// </summary>
public sealed class BprTrainer(BprOptions? options = null) : IRecommenderTrainer
{
    private readonly BprOptions _options = options ?? new BprOptions();

    public string Name => "bpr";

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default) =>
        Fit(InteractionMatrix.From(data.Train, data.Feedback), data.Feedback, cancellationToken);

    /// <summary>Both factor matrices, the item biases and the entry-to-user map.</summary>
    public long EstimateBytes(DataShape shape) =>
        shape.InteractionBytes + ((long)shape.Users + shape.Items) * _options.Factors * sizeof(float) + shape.Items * sizeof(float) + shape.Events * sizeof(int);

    public BprModel Fit(InteractionMatrix matrix, EventWeights feedback, CancellationToken cancellationToken = default)
    {
        int d = _options.Factors, users = matrix.UserCount, items = matrix.ItemCount;
        var init = new Random(_options.Seed);
        var userFactors = new float[(long)users * d];
        var itemFactors = new float[(long)items * d];
        var bias = new float[items];
        for (int x = 0; x < userFactors.Length; x++) userFactors[x] = Gaussian(init) * _options.InitialScale;
        for (int x = 0; x < itemFactors.Length; x++) itemFactors[x] = Gaussian(init) * _options.InitialScale;

        // Row r of the CSR arrays belongs to userOfEntry[r]: sampling an entry uniformly samples positives uniformly.
        var userOfEntry = new int[matrix.Count];
        for (int u = 0; u < users; u++) userOfEntry.AsSpan(matrix.UserOffsets[u], matrix.UserDegree(u)).Fill(u);

        int threads = Math.Max(1, _options.Threads);
        int perThread = matrix.Count / threads;
        if (matrix.Count > 0 && items > 1)
        {
            for (int epoch = 0; epoch < _options.Epochs; epoch++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int e = epoch;
                // Not HashCode.Combine: it is salted per process, which made "the same seed" train a different model each run.
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                    RunSamples(matrix, userOfEntry, userFactors, itemFactors, bias, new Random(unchecked((_options.Seed * 1_000_003 + e) * 8_191 + t)), perThread));
            }
        }
        return new BprModel(userFactors, itemFactors, bias, d, feedback);
    }

    private void RunSamples(InteractionMatrix matrix, int[] userOfEntry, float[] userFactors, float[] itemFactors, float[] bias, Random random, int samples)
    {
        int d = _options.Factors, items = matrix.ItemCount;
        float lr = _options.LearningRate, reg = _options.Regularization;
        Span<float> difference = stackalloc float[d];
        Span<float> user = stackalloc float[d];
        for (int s = 0; s < samples; s++)
        {
            int entry = random.Next(matrix.Count);
            int u = userOfEntry[entry], i = matrix.UserItems[entry];
            var seen = matrix.ItemsOf(u);
            if (seen.Length >= items) continue;
            int j;
            do j = random.Next(items); while (seen.BinarySearch(j) >= 0);

            var pu = userFactors.AsSpan(u * d, d);
            var qi = itemFactors.AsSpan(i * d, d);
            var qj = itemFactors.AsSpan(j * d, d);
            TensorPrimitives.Subtract(qi, qj, difference);
            var x = bias[i] - bias[j] + TensorPrimitives.Dot(pu, difference);
            var z = 1f / (1f + MathF.Exp(x)); // σ(−x): the gradient weight of ln σ(x)
            pu.CopyTo(user);
            // p_u += lr·(z·(q_i − q_j) − reg·p_u)
            TensorPrimitives.MultiplyAdd(pu, -reg * lr, pu, pu);
            TensorPrimitives.MultiplyAdd(difference, z * lr, pu, pu);
            // q_i += lr·(z·p_u − reg·q_i);  q_j += lr·(−z·p_u − reg·q_j)
            TensorPrimitives.MultiplyAdd(qi, -reg * lr, qi, qi);
            TensorPrimitives.MultiplyAdd(user, z * lr, qi, qi);
            TensorPrimitives.MultiplyAdd(qj, -reg * lr, qj, qj);
            TensorPrimitives.MultiplyAdd(user, -z * lr, qj, qj);
            bias[i] += lr * (z - reg * bias[i]);
            bias[j] += lr * (-z - reg * bias[j]);
        }
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
}
