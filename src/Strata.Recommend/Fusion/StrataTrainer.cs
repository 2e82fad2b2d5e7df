using Strata.Recommend.Collaborative;
using Strata.Recommend.Content;
using Strata.Recommend.Ranking;
using Strata.Recommend.Validation;

namespace Strata.Recommend.Fusion;

/// <summary>
/// Fits Strata's full model on training data only: carve a validation split from the training events (hold out part of
/// each user's items), fit every signal on the rest, learn the ranker on the held-out positives against the other
/// candidates, then refit every signal on all training data. λ of EDLAE, when not given, is tuned on the same
/// validation split (fit on the fit part, nDCG@10 on the held-out items) and reused for the refit.
/// </summary>
public sealed class StrataTrainer(StrataOptions? options = null) : IRecommenderTrainer
{
    private readonly StrataOptions _options = options ?? new StrataOptions();

    public string Name => "strata";

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default) => FitModel(data, cancellationToken);

    public StrataModel FitModel(RecommenderData data, CancellationToken cancellationToken = default)
    {
        var split = ValidationSplit.Carve(data.Train, _options.Validation);
        var fitData = data with { Train = split.Fit };
        var trainers = SignalTrainers(data, Tuned(_options.Edlae, data, cancellationToken), Tuned(_options.Ease, data, cancellationToken));

        var validationFeatures = FitFeatures(trainers, fitData, cancellationToken);
        var samples = Samples(validationFeatures, split, cancellationToken);
        var (ranker, report) = SelectRanker(samples, validationFeatures, cancellationToken);
        return new StrataModel(FitFeatures(trainers, data, cancellationToken), ranker, report, _options.NewItemSlot);
    }

    /// <summary>EASE/EDLAE options with λ tuned on the ranker's validation split when not given.</summary>
    private EaseOptions Tuned(EaseOptions options, RecommenderData data, CancellationToken cancellationToken) =>
        options.Lambda is null
            ? options with { Lambda = new EaseTrainer(options with { Validation = _options.Validation }).TuneLambda(data, cancellationToken) }
            : options;

    /// <summary>
    /// The prior is the single signal that ranks the validation groups best. The ranker is learned from it on a share of
    /// the validation users and checked on the others against the prior alone; the learned weights (refitted on every
    /// validation user) are kept only when they rank the checked users better.
    /// </summary>
    private (LinearRanker Ranker, RankerSelection Report) SelectRanker(RankingSamples samples, CandidateFeatures features, CancellationToken cancellationToken)
    {
        var trainer = new PairwiseRankerTrainer(_options.Ranker);
        var names = features.Names;
        float[] prior = [];
        string priorName = "";
        double bestPrior = double.NegativeInfinity;
        for (int row = 0; row < features.Rows; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var candidate = new float[features.FeatureCount];
            candidate[CandidateFeatures.RelativeColumn(row)] = 1f;
            var score = samples.NdcgAt(trainer.Prior(samples, names, candidate), 10);
            if (score > bestPrior) { bestPrior = score; prior = candidate; priorName = features.SignalNames[row]; }
        }
        bool Check(int g) => g % 5 == 0;
        var learnedOnPart = trainer.Fit(samples, names, prior, g => !Check(g));
        var priorOnly = trainer.Prior(samples, names, prior);
        var learnedScore = samples.NdcgAt(learnedOnPart, 10, Check);
        var priorScore = samples.NdcgAt(priorOnly, 10, Check);
        var useLearned = learnedScore > priorScore;
        var ranker = useLearned ? trainer.Fit(samples, names, prior) : priorOnly;
        return (ranker, new RankerSelection(priorName, priorScore, learnedScore, useLearned));
    }

    private List<ISignalTrainer> SignalTrainers(RecommenderData data, EaseOptions edlae, EaseOptions ease)
    {
        var trainers = new List<ISignalTrainer>
        {
            new RecommenderSignalTrainer(new EaseTrainer(edlae), proposesCandidates: true),
            new RecommenderSignalTrainer(new EaseTrainer(ease), proposesCandidates: true),
            new RecommenderSignalTrainer(new ItemKnnTrainer(_options.ItemKnn), proposesCandidates: true),
            new RecommenderSignalTrainer(new BprTrainer(_options.Bpr), proposesCandidates: true),
        };
        if (data.ItemVectors is not null)
        {
            trainers.Add(new RecommenderSignalTrainer(new ContentOnlyTrainer(), proposesCandidates: true));
            if (_options.UseInterests) trainers.Add(new InterestSignalTrainer(_options.Taxonomy));
        }
        trainers.AddRange(_options.ExtraSignals);
        return trainers;
    }

    private CandidateFeatures FitFeatures(List<ISignalTrainer> trainers, RecommenderData data, CancellationToken cancellationToken)
    {
        var signals = trainers.Select(t => t.Fit(data, cancellationToken)).ToArray();
        return new CandidateFeatures(signals, ItemPopularity.Counts(InteractionMatrix.From(data.Train)), _options);
    }

    /// <summary>One ranking group per user with held-out items: its candidates, labelled by membership in the hold-out.</summary>
    private static RankingSamples Samples(CandidateFeatures features, ValidationSplit split, CancellationToken cancellationToken)
    {
        var histories = UserHistories.From(split.Fit);
        var groups = new (float[] Rows, bool[] Labels, int Relevant)?[histories.Length];
        Parallel.For(0, histories.Length, new ParallelOptions { CancellationToken = cancellationToken }, features.CreateWorkspace, (u, _, ws) =>
        {
            var heldOut = split.HeldOutOf(u);
            if (heldOut.IsEmpty) return ws;
            features.Extract(histories[u], ws);
            var labels = new bool[ws.CandidateCount];
            bool any = false;
            for (int k = 0; k < labels.Length; k++) any |= labels[k] = heldOut.BinarySearch(ws.Candidates[k]) >= 0;
            if (any) groups[u] = (ws.Features.AsSpan(0, labels.Length * features.FeatureCount).ToArray(), labels, heldOut.Length);
            return ws;
        }, _ => { });
        var samples = new RankingSamples(features.FeatureCount);
        foreach (var group in groups)
            if (group is { } g) samples.AddGroup(g.Rows, g.Labels, g.Relevant);
        return samples;
    }
}
