using Strata.Recommend.Collaborative;
using Strata.Recommend.Content;
using Strata.Recommend.Ranking;
using Strata.Recommend.Validation;

namespace Strata.Recommend.Fusion;

/// <summary>
/// Fits Strata's full model on training data only: carve a validation split from the training events (hold out part of
/// each user's items), fit every signal on the rest, learn the ranker on the held-out positives against the other
/// candidates (also from each validation user's first few fit items, so short histories get a ranker of their own), then
/// refit every signal on all training data. λ of EDLAE, when not given, is tuned on the same
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
        var groups = Samples(validationFeatures, split, cancellationToken);
        var (rankers, report) = SelectRankers(groups, validationFeatures, cancellationToken);
        return new StrataModel(FitFeatures(trainers, data, cancellationToken), _options.HistoryBuckets, rankers, report, _options.NewItemSlot);
    }

    /// <summary>EASE/EDLAE options with λ tuned on the ranker's validation split when not given.</summary>
    private EaseOptions Tuned(EaseOptions options, RecommenderData data, CancellationToken cancellationToken) =>
        options.Lambda is null
            ? options with { Lambda = new EaseTrainer(options with { Validation = _options.Validation }).TuneLambda(data, cancellationToken) }
            : options;

    /// <summary>
    /// Per history-length bucket, the prior is the single signal that ranks that bucket's validation groups best. A
    /// ranker is learned from it on the bucket's groups of a share of the validation users and checked on the others'
    /// groups; the bucket keeps the learned weights (refitted on all its groups) only when they rank its checked groups
    /// better than its prior alone. A bucket without groups uses the overall best signal.
    /// </summary>
    private (LinearRanker[] Rankers, RankerSelection[] Report) SelectRankers(ValidationGroups groups, CandidateFeatures features, CancellationToken cancellationToken)
    {
        var trainer = new PairwiseRankerTrainer(_options.Ranker);
        var samples = groups.Samples;
        var (overall, _) = BestPrior(trainer, samples, features, _ => true, cancellationToken);
        bool Check(int g) => groups.Users[g] % 5 == 0;
        var buckets = _options.HistoryBuckets;
        var rankers = new LinearRanker[buckets.Count];
        var report = new RankerSelection[buckets.Count];
        for (int b = 0; b < buckets.Count; b++)
        {
            bool InBucket(int g) => groups.Buckets[g] == b;
            var (prior, priorName) = BestPrior(trainer, samples, features, InBucket, cancellationToken);
            if (prior.Length == 0) prior = overall;
            var priorOnly = trainer.Prior(samples, features.Names, prior);
            var learnedOnPart = trainer.Fit(samples, features.Names, prior, g => InBucket(g) && !Check(g));
            var learnedScore = samples.NdcgAt(learnedOnPart, 10, g => InBucket(g) && Check(g));
            var priorScore = samples.NdcgAt(priorOnly, 10, g => InBucket(g) && Check(g));
            var useLearned = learnedScore > priorScore;
            rankers[b] = useLearned ? trainer.Fit(samples, features.Names, prior, InBucket) : priorOnly;
            report[b] = new RankerSelection(buckets.Label(b), priorName, priorScore, learnedScore, useLearned);
        }
        return (rankers, report);
    }

    /// <summary>Weights selecting the signal row whose relative score ranks the included groups best (empty when none are).</summary>
    private static (float[] Weights, string Name) BestPrior(
        PairwiseRankerTrainer trainer, RankingSamples samples, CandidateFeatures features, Func<int, bool> include, CancellationToken cancellationToken)
    {
        float[] prior = [];
        string priorName = "";
        double best = double.NegativeInfinity;
        bool any = false;
        for (int g = 0; g < samples.Groups && !any; g++) any = include(g);
        if (!any) return (prior, priorName);
        for (int row = 0; row < features.Rows; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var candidate = new float[features.FeatureCount];
            candidate[CandidateFeatures.RelativeColumn(row)] = 1f;
            var score = samples.NdcgAt(trainer.Prior(samples, features.Names, candidate), 10, include);
            if (score > best) { best = score; prior = candidate; priorName = features.SignalNames[row]; }
        }
        return (prior, priorName);
    }

    private List<ISignalTrainer> SignalTrainers(RecommenderData data, EaseOptions edlae, EaseOptions ease)
    {
        var trainers = new List<ISignalTrainer>
        {
            new RecommenderSignalTrainer(new EaseTrainer(edlae), proposesCandidates: true),
            new RecommenderSignalTrainer(new EaseTrainer(ease), proposesCandidates: true),
            new RecommenderSignalTrainer(new ItemKnnTrainer(_options.ItemKnn), proposesCandidates: true),
            new RecommenderSignalTrainer(new BprTrainer(_options.Bpr), proposesCandidates: true),
            // Popularity's top unseen items are already candidates (the popularity fallback).
            new RecommenderSignalTrainer(new MostPopularTrainer(), proposesCandidates: false),
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

    /// <summary>
    /// Ranking groups of every validation user with held-out items: its whole fit history, and its first n fit items by
    /// time for each n of <see cref="StrataOptions.TruncatedHistories"/> shorter than that, each labelled by membership
    /// in the hold-out. A truncated group leaves the user's later fit items out of its candidates: they are neither
    /// unseen by the models nor wrong answers.
    /// </summary>
    private ValidationGroups Samples(CandidateFeatures features, ValidationSplit split, CancellationToken cancellationToken)
    {
        var histories = UserHistories.From(split.Fit);
        var perUser = new List<(float[] Rows, bool[] Labels, int Relevant, int Bucket)>?[histories.Length];
        int f = features.FeatureCount;
        Parallel.For(0, histories.Length, new ParallelOptions { CancellationToken = cancellationToken }, features.CreateWorkspace, (u, _, ws) =>
        {
            var heldOut = split.HeldOutOf(u);
            if (heldOut.IsEmpty) return ws;
            var full = histories[u];
            var later = full.Items.ToHashSet();
            var groups = new List<(float[], bool[], int, int)>();
            foreach (var history in _options.TruncatedHistories.Select(n => FirstItems(full, n)).Prepend(full))
            {
                features.Extract(history, ws);
                if (history != full && ws.HistoryLength >= later.Count) continue;
                var rows = new List<float>(ws.CandidateCount * f);
                var labels = new List<bool>(ws.CandidateCount);
                for (int k = 0; k < ws.CandidateCount; k++)
                {
                    var item = ws.Candidates[k];
                    if (later.Contains(item)) continue;
                    labels.Add(heldOut.BinarySearch(item) >= 0);
                    rows.AddRange(ws.Features.AsSpan(k * f, f));
                }
                if (labels.Contains(true)) groups.Add((rows.ToArray(), labels.ToArray(), heldOut.Length, _options.HistoryBuckets.Of(ws.HistoryLength)));
            }
            perUser[u] = groups;
            return ws;
        }, _ => { });
        var samples = new RankingSamples(f);
        var users = new List<int>();
        var buckets = new List<int>();
        for (int u = 0; u < perUser.Length; u++)
            foreach (var (rows, labels, relevant, bucket) in perUser[u] ?? [])
            {
                samples.AddGroup(rows, labels, relevant);
                users.Add(u);
                buckets.Add(bucket);
            }
        return new ValidationGroups(samples, users, buckets);
    }

    /// <summary>
    /// The events of <paramref name="history"/> on its first <paramref name="n"/> distinct items by time, as an unknown
    /// user's query: a model holding per-user state (BPR's user factors) would otherwise answer from the whole history.
    /// </summary>
    private static UserHistory FirstItems(UserHistory history, int n)
    {
        var order = Enumerable.Range(0, history.Count).OrderBy(i => history.Seconds[i]).ToArray();
        var items = new HashSet<int>();
        var keep = new List<int>();
        foreach (var i in order)
        {
            if (items.Count == n && !items.Contains(history.Items[i])) break;
            items.Add(history.Items[i]);
            keep.Add(i);
        }
        return history with
        {
            User = -1,
            Items = [.. keep.Select(i => history.Items[i])],
            Types = [.. keep.Select(i => history.Types[i])],
            Values = [.. keep.Select(i => history.Values[i])],
            Seconds = [.. keep.Select(i => history.Seconds[i])],
        };
    }
}
