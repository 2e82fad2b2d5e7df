using Strata.Recommend.Linear;
using Strata.Recommend.Validation;
using Strata.Interests.Profiles;

namespace Strata.Recommend.Collaborative;

/// <summary>
/// Fits EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): P = (G + Λ)⁻¹, B = I − P·diag(1 ⊘ diag P), zero
/// diagonal, with Λ = λI. With a dropout probability p &gt; 0 it fits the full-rank EDLAE of Steck 2020 ("Autoencoders
/// that don't overfit towards the identity"): Λ = λI + p/(1−p)·diag(G).
/// </summary>
public sealed class EaseTrainer(EaseOptions? options = null) : IRecommenderTrainer
{
    private readonly EaseOptions _options = options ?? new EaseOptions();

    /// <summary>EDLAE with the probe's p = 0.33 and λ = 300 unless given.</summary>
    public static EaseTrainer Edlae(double? lambda = 300, double dropoutProbability = 0.33) =>
        new(new EaseOptions { Lambda = lambda, DropoutProbability = dropoutProbability });

    public string Name => _options.DropoutProbability > 0 ? "edlae" : "ease";

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default) => FitModel(data, cancellationToken);

    public EaseModel FitModel(RecommenderData data, CancellationToken cancellationToken = default)
    {
        var lambda = _options.Lambda ?? TuneLambda(data, cancellationToken);
        var matrix = InteractionMatrix.From(data.Train, data.Feedback);
        var model = Solve(GramMatrix.Build(matrix, cancellationToken), matrix.ItemCount, lambda, data.Feedback, cancellationToken);
        return _options.UserScoreBudgetBytes > 0 ? model.WithUserScores(matrix, _options.UserScoreBudgetBytes) : model;
    }

    /// <summary>
    /// The dense heart: the Gram matrix in double, a copy per λ tried (the solve overwrites it) and the float weights —
    /// n² each, whatever the events; plus the users' kept score rows.
    /// </summary>
    public long EstimateBytes(DataShape shape)
    {
        long square = (long)shape.Items * shape.Items;
        var gramCopies = _options.Lambda is null ? 2 : 1;
        return shape.InteractionBytes + square * (gramCopies * sizeof(double) + sizeof(float)) + Math.Max(0, _options.UserScoreBudgetBytes);
    }

    /// <summary>The λ among the candidates with the best validation nDCG@10 (split carved from training data).</summary>
    public double TuneLambda(RecommenderData data, CancellationToken cancellationToken = default)
    {
        var split = ValidationSplit.Carve(data.Train, _options.Validation, data.Feedback);
        var matrix = InteractionMatrix.From(split.Fit, data.Feedback);
        var gram = GramMatrix.Build(matrix, cancellationToken);
        double best = double.NaN, bestScore = double.NegativeInfinity;
        foreach (var lambda in _options.LambdaCandidates)
        {
            var model = Solve((double[])gram.Clone(), matrix.ItemCount, lambda, data.Feedback, cancellationToken);
            var score = split.NdcgAt(model, 10, cancellationToken);
            if (score > bestScore) { bestScore = score; best = lambda; }
        }
        return best;
    }

    /// <summary>Solves for B from a Gram matrix (consumed: overwritten by the inverse).</summary>
    public EaseModel Solve(double[] gram, int n, double lambda, EventWeights feedback, CancellationToken cancellationToken = default)
    {
        var emphasis = _options.DropoutProbability / (1 - _options.DropoutProbability);
        for (int i = 0; i < n; i++)
        {
            ref var diagonal = ref gram[(long)i * n + i];
            diagonal += lambda + emphasis * diagonal;
        }
        SymmetricPositiveDefinite.Invert(gram, n, cancellationToken);
        var weights = new float[(long)n * n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var row = gram.AsSpan((int)((long)i * n), n);
            var target = weights.AsSpan((int)((long)i * n), n);
            for (int j = 0; j < n; j++) target[j] = (float)(-row[j] / gram[(long)j * n + j]);
            target[i] = 0;
        });
        return new EaseModel(Name, weights, n, lambda, feedback);
    }
}
