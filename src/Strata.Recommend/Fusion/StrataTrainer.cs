using Strata.Interests.Taxonomies;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Content;
using Strata.Recommend.Ranking;
using Strata.Recommend.Validation;

namespace Strata.Recommend.Fusion;

/// <summary>
/// Fits Strata's full model on training data only: carve a validation split from the training events (hold out part of
/// each user's items, and every item of a share of users), fit every signal on the rest, learn the ranker on the held-out
/// positives against the other candidates (also from the left-out users' first few items, so short histories get a
/// ranker of their own), then
/// refit every signal on all training data. λ of EDLAE, when not given, is tuned on the same
/// validation split (fit on the fit part, nDCG@10 on the held-out items) and reused for the refit.
/// </summary>
public sealed class StrataTrainer(StrataOptions? options = null) : IRecommenderTrainer
{
    private readonly StrataOptions _options = options ?? new StrataOptions();

    public string Name => "strata";

    /// <summary>The same trainer with <paramref name="family"/> also left out (an ablation), named <c>strata-no-&lt;family&gt;</c> in reports.</summary>
    public StrataTrainer Without(SignalFamily family) => new(_options with
    {
        Without = new HashSet<SignalFamily>(_options.Without) { family },
        ItemTower = family == SignalFamily.TunedText ? null : _options.ItemTower,
    });

    public IRecommender Fit(RecommenderData data, CancellationToken cancellationToken = default) => FitModel(data, cancellationToken);

    public StrataModel FitModel(RecommenderData data, CancellationToken cancellationToken = default)
    {
        var split = ValidationSplit.Carve(data.Train, _options.Validation, data.Feedback);
        // The tower learns from the validation fit part only, so the ranker weighs text signals as good as they are on
        // events the tower never saw; the final model keeps that tower (one training, not two).
        var tower = _options.ItemTower is { } towerOptions && TunesText(DataShape.Of(data))
            ? new Content.ItemTowerTrainer(towerOptions).Fit(data with { Train = split.Fit }, cancellationToken)
            : null;
        if (tower is not null) data = data with { ItemVectors = tower.TransformAll(data.ItemVectors!) };
        // The hierarchy features read a tree over the vectors they score with: with a tower, one clustered from the tuned
        // vectors, not a given tree (the engine's is the encoder's). On ml-100k leave-last-out the encoder's tree under
        // tuned vectors made the hierarchy cost 0.0074 nDCG@10 (README, "Item tower").
        var taxonomy = tower is null ? _options.Taxonomy : null;
        var trainers = SignalTrainers(data, taxonomy, cancellationToken);
        var (rankers, report) = SelectRankers(trainers, data, split, cancellationToken);
        var features = FitFeatures(trainers, data, cancellationToken);
        return new StrataModel(features, _options.HistoryBuckets, rankers, report, _options.NewItemSlot, _options.NewItemMinimumHistory, tower);
    }

    /// <summary>
    /// The rankers, chosen on signals fitted to the validation split's fit part. Those signals and their groups are
    /// unreachable once this returns, so the final fit does not hold them beside its own (a method that runs once runs
    /// unoptimised, and such code keeps every local alive to its end: at 10⁶ items that was a second copy of every model).
    /// </summary>
    private (IRanker[] Rankers, RankerSelection[] Report) SelectRankers(List<ISignalTrainer> trainers, RecommenderData data, ValidationSplit split, CancellationToken cancellationToken)
    {
        var validationFeatures = FitFeatures(trainers, data with { Train = split.Fit }, cancellationToken);
        var groups = Samples(validationFeatures, split, UserHistories.From(data.Train), cancellationToken);
        return SelectRankers(groups, validationFeatures, cancellationToken);
    }

    /// <summary>
    /// Implicit ALS options with (λ, α) chosen once, on the ranker's validation split, when not given: the validation fit and
    /// the final fit share them, as they share EDLAE's λ (each try is a full fit and a scoring of every validation user).
    /// </summary>
    private ImplicitAlsOptions Tuned(ImplicitAlsOptions options, RecommenderData data, CancellationToken cancellationToken)
    {
        if (options.Regularization is not null) return options;
        var (regularization, alpha) = new ImplicitAlsTrainer(options with { Validation = _options.Validation with { ColdUserFraction = 0 } })
            .Hyperparameters(data, cancellationToken);
        return options with { Regularization = regularization, Alpha = alpha };
    }

    /// <summary>EASE/EDLAE options with λ tuned on the ranker's validation split when not given.</summary>
    private EaseOptions Tuned(EaseOptions options, RecommenderData data, CancellationToken cancellationToken) =>
        options.Lambda is null
            ? options with { Lambda = new EaseTrainer(options with { Validation = _options.Validation with { ColdUserFraction = 0 } }).TuneLambda(data, cancellationToken) }
            : options;

    /// <summary>
    /// Per history-length bucket, the prior is the single signal that ranks that bucket's validation groups best. Two
    /// learned rankers start from it — the linear one (<see cref="RankerTrainer"/>) and boosted trees (LambdaMART,
    /// <see cref="LambdaMartTrainer"/>) — each by 5-fold cross-validation over validation users (each fold's ranker learns
    /// on the other folds' groups and is scored on its own). The one-standard-error rule decides, simplest first: the
    /// linear ranker replaces the prior only when its nDCG@10 gain, paired per group over all the bucket's groups, exceeds
    /// one standard error (on ml-1m a learned ranker that won by 0.0008 lost on test), and the trees replace whichever stands
    /// only when they beat it by more than one standard error in turn. The linear ranker kept is the mean of its fold
    /// rankers; the trees kept are refitted on all the bucket's groups. A bucket without groups uses the overall best signal.
    /// </summary>
    private (IRanker[] Rankers, RankerSelection[] Report) SelectRankers(ValidationGroups groups, CandidateFeatures features, CancellationToken cancellationToken)
    {
        const int Folds = 5;
        var trainer = new RankerTrainer(_options.Ranker);
        var boosting = _options.Boosting is { } boostingOptions ? new LambdaMartTrainer(boostingOptions) : null;
        var samples = groups.Samples;
        var (overall, _) = BestPrior(trainer, samples, features, _ => true, cancellationToken);
        int Fold(int g) => groups.Users[g] % Folds;
        var buckets = _options.HistoryBuckets;
        var rankers = new IRanker[buckets.Count];
        var report = new RankerSelection[buckets.Count];
        for (int b = 0; b < buckets.Count; b++)
        {
            bool InBucket(int g) => groups.Buckets[g] == b;
            var (prior, priorName) = BestPrior(trainer, samples, features, InBucket, cancellationToken);
            if (prior.Length == 0) prior = overall;
            var priorOnly = trainer.Prior(samples, features.Names, prior);
            var linearFolds = new LinearRanker[Folds];
            List<double> priorScores = [], linearScores = [], boostedScores = [];
            for (int fold = 0; fold < Folds; fold++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool Checked(int g) => InBucket(g) && Fold(g) == fold;
                bool Learned(int g) => InBucket(g) && Fold(g) != fold;
                linearFolds[fold] = trainer.Fit(samples, features.Names, prior, Learned);
                var checkedPrior = samples.NdcgPerGroup(priorOnly, 10, Checked);
                priorScores.AddRange(checkedPrior);
                linearScores.AddRange(samples.NdcgPerGroup(linearFolds[fold], 10, Checked));
                if (boosting is null) continue;
                // A fold without a relevant row to learn from keeps the prior's scores on its groups.
                boostedScores.AddRange(boosting.Fit(samples, features.Names, Learned) is { } trees ? samples.NdcgPerGroup(trees, 10, Checked) : checkedPrior);
            }
            IRanker chosen = priorOnly;
            var chosenKind = RankerSelection.PriorKind;
            var chosenScores = priorScores;
            if (BeatsByMoreThanNoise(linearScores, chosenScores))
                (chosen, chosenKind, chosenScores) = (LinearRanker.Average(linearFolds), RankerSelection.LinearKind, linearScores);
            if (boosting is not null && BeatsByMoreThanNoise(boostedScores, chosenScores) && boosting.Fit(samples, features.Names, InBucket) is { } refitted)
                (chosen, chosenKind) = (refitted, RankerSelection.BoostedKind);
            rankers[b] = chosen;
            report[b] = new RankerSelection(buckets.Label(b), priorName, Mean(priorScores), Mean(linearScores), boosting is null ? double.NaN : Mean(boostedScores), chosenKind);
        }
        return (rankers, report);
    }

    private static double Mean(List<double> values) => values.Count == 0 ? 0 : values.Average();

    /// <summary>The one-standard-error rule: the mean paired gain of <paramref name="challenger"/> exceeds its standard error.</summary>
    private static bool BeatsByMoreThanNoise(List<double> challenger, List<double> incumbent)
    {
        var gains = new List<double>(challenger.Count);
        for (int g = 0; g < challenger.Count; g++) gains.Add(challenger[g] - incumbent[g]);
        var (gain, standardError) = MeanAndStandardError(gains);
        return gain > standardError;
    }

    private static (double Mean, double StandardError) MeanAndStandardError(List<double> values)
    {
        if (values.Count < 2) return (values.Count == 1 ? values[0] : 0, double.PositiveInfinity);
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (mean, Math.Sqrt(variance / values.Count));
    }

    /// <summary>Weights selecting the signal row whose relative score ranks the included groups best (empty when none are).</summary>
    private static (float[] Weights, string Name) BestPrior(
        RankerTrainer trainer, RankingSamples samples, CandidateFeatures features, Func<int, bool> include, CancellationToken cancellationToken)
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

    /// <summary>
    /// The signal trainers of this fit, without the families <see cref="StrataOptions.Without"/> removes (EDLAE's λ is
    /// tuned only when the collaborative family stays); <paramref name="taxonomy"/> is the interest signals' tree (null:
    /// built from the item vectors they are given).
    /// </summary>
    private List<ISignalTrainer> SignalTrainers(RecommenderData data, Taxonomy? taxonomy, CancellationToken cancellationToken) =>
        SignalTrainers(DataShape.Of(data), taxonomy, options => Tuned(options, data, cancellationToken), options => Tuned(options, data, cancellationToken));

    /// <summary>
    /// The signal trainers for data of this shape; <paramref name="tune"/> sets EDLAE's λ and <paramref name="tuneAls"/>
    /// implicit ALS's (λ, α) (identity: as configured, for an estimate).
    /// </summary>
    private List<ISignalTrainer> SignalTrainers(DataShape shape, Taxonomy? taxonomy, Func<EaseOptions, EaseOptions>? tune = null, Func<ImplicitAlsOptions, ImplicitAlsOptions>? tuneAls = null)
    {
        tune ??= options => options;
        tuneAls ??= options => options;
        var trainers = _options.Without.Contains(SignalFamily.Collaborative) ? []
            : UsesDenseCollaborative(shape) ? DenseCollaborative(tune) : ScalableCollaborative(tuneAls);
        // Popularity's top unseen items are already candidates (the popularity fallback).
        trainers.Add(new RecommenderSignalTrainer(new MostPopularTrainer(), SignalFamily.Popularity, proposesCandidates: false));
        if (shape.Dimensions > 0)
        {
            trainers.Add(new RecommenderSignalTrainer(new ContentOnlyTrainer(), SignalFamily.Content, proposesCandidates: true));
            if (_options.UseInterests)
                trainers.Add(new InterestSignalTrainer(taxonomy, _options.TaxonomyOptions, _options.Interests, new Interests.Profiles.EventWeights(_options.Weights)));
        }
        if (_options.Sequential is { } sequential)
            trainers.Add(new RecommenderSignalTrainer(new Sequential.SequentialTrainer(sequential), SignalFamily.Sequential, proposesCandidates: true));
        trainers.AddRange(_options.ExtraSignals);
        trainers.RemoveAll(t => t.Family != SignalFamily.Popularity && _options.Without.Contains(t.Family));
        return trainers;
    }

    private List<ISignalTrainer> DenseCollaborative(Func<EaseOptions, EaseOptions> tune)
    {
        List<ISignalTrainer> trainers = [new RecommenderSignalTrainer(new EaseTrainer(tune(_options.Edlae)), SignalFamily.Collaborative, proposesCandidates: true, _options.RecentItems)];
        if (_options.Ease is { } ease)
            trainers.Add(new RecommenderSignalTrainer(new EaseTrainer(tune(ease)), SignalFamily.Collaborative, proposesCandidates: true));
        trainers.Add(new RecommenderSignalTrainer(new ItemKnnTrainer(_options.ItemKnn), SignalFamily.Collaborative, proposesCandidates: true));
        trainers.Add(new RecommenderSignalTrainer(new BprTrainer(_options.Bpr), SignalFamily.Collaborative, proposesCandidates: true));
        return trainers;
    }

    private List<ISignalTrainer> ScalableCollaborative(Func<ImplicitAlsOptions, ImplicitAlsOptions> tune) =>
    [
        new RecommenderSignalTrainer(new ItemKnnTrainer(_options.ItemKnn), SignalFamily.Collaborative, proposesCandidates: true, _options.RecentItems),
        new RecommenderSignalTrainer(new ImplicitAlsTrainer(tune(_options.ImplicitAls)), SignalFamily.Collaborative, proposesCandidates: true),
    ];

    /// <summary>
    /// Whether the collaborative family is dense (EDLAE, item-kNN, BPR) on data of this shape: at most
    /// <see cref="StrataOptions.DenseItemLimit"/> items and EDLAE's estimate within the memory budget. Otherwise implicit
    /// ALS and item-kNN, whose cost grows with the events.
    /// </summary>
    public bool UsesDenseCollaborative(DataShape shape) =>
        shape.Items <= _options.DenseItemLimit && new EaseTrainer(_options.Edlae).EstimateBytes(shape) <= _options.MemoryBudgetBytes;

    /// <summary>
    /// Whether a fit on data of this shape trains the item tower and reads its tuned vectors: a tower is configured, items
    /// have vectors, and the catalogue is below <see cref="StrataOptions.TunedTextItemLimit"/>.
    /// </summary>
    public bool TunesText(DataShape shape) =>
        _options.ItemTower is not null && shape.Dimensions > 0 && shape.Items < _options.TunedTextItemLimit;

    /// <summary>
    /// Every signal's fit (the fitted models accumulate: each signal keeps its model while the next one fits), the item
    /// tower's transformed vectors, and the ranker's validation groups (a row of features per candidate of each validation user).
    /// </summary>
    public long EstimateBytes(DataShape shape)
    {
        var signals = SignalTrainers(shape, _options.Taxonomy).Sum(t => t.EstimateBytes(shape));
        var tower = TunesText(shape) ? 2 * shape.VectorBytes : 0;
        // Groups come from at most MaxRankerUsers users (a warm group each, a few truncated ones for the cold share), each a
        // row of features per candidate: up to ~8 proposing rows' top items and the popular ones.
        const int FeaturesPerCandidate = 32, GroupsPerUser = 2, ProposingRows = 8;
        var candidates = ProposingRows * _options.CandidatesPerSource + _options.PopularCandidates;
        var groups = (long)Math.Min(shape.Users, _options.MaxRankerUsers) * GroupsPerUser * candidates * FeaturesPerCandidate * sizeof(float);
        return signals + tower + groups;
    }

    /// <summary>The ablatable families this fit would use on <paramref name="data"/> (what <c>strata eval --ablate</c> removes one at a time).</summary>
    public IReadOnlyList<SignalFamily> Families(RecommenderData data)
    {
        var present = new HashSet<SignalFamily> { SignalFamily.Collaborative };
        if (data.ItemVectors is not null)
        {
            present.Add(SignalFamily.Content);
            if (_options.UseInterests) present.Add(SignalFamily.Hierarchy);
            if (TunesText(DataShape.Of(data))) present.Add(SignalFamily.TunedText);
        }
        if (_options.Sequential is not null) present.Add(SignalFamily.Sequential);
        foreach (var extra in _options.ExtraSignals) present.Add(extra.Family);
        return [.. SignalFamilies.Ablatable.Where(f => present.Contains(f) && !_options.Without.Contains(f))];
    }

    private CandidateFeatures FitFeatures(List<ISignalTrainer> trainers, RecommenderData data, CancellationToken cancellationToken)
    {
        var signals = trainers.Select(t => t.Fit(data, cancellationToken)).ToArray();
        var features = new CandidateFeatures(signals, ItemPopularity.Counts(InteractionMatrix.From(data.Train, data.Feedback)), _options);
        // The indexes are built here, one at a time, and not on first use: no request waits for one (a saved model carries
        // them), and no parallel loop blocks on one. At 10⁶ items the validation groups' loop waited 10 minutes on the
        // item-vector graph while the thread pool added threads, each with a fresh workspace: 22 GB resident.
        foreach (var retrieval in features.Retrievals) _ = retrieval.Index;
        return features;
    }

    /// <summary>
    /// Ranking groups of the validation users: a warm user's whole fit history against their held-out items, and a cold
    /// validation user's first n items by time (each n of <see cref="StrataOptions.TruncatedHistories"/> below their item
    /// count) against all their other items — the question a new user asks, about signals that never saw this user.
    /// </summary>
    private ValidationGroups Samples(CandidateFeatures features, ValidationSplit split, UserHistory[] trainHistories, CancellationToken cancellationToken)
    {
        var histories = UserHistories.From(split.Fit);
        var perUser = new List<(float[] Rows, bool[] Labels, int Relevant, int Bucket)>?[histories.Length];
        int f = features.FeatureCount;
        var asked = RankerUsers(histories.Length);
        // One workspace per core (each holds catalogue-sized arrays), however many threads the pool has.
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, histories.Length, parallel, features.CreateWorkspace, (u, _, ws) =>
        {
            if (!asked[u]) return ws;
            var heldOut = split.HeldOutOf(u);
            if (heldOut.IsEmpty) return ws;
            var itemCount = heldOut.Length;
            var queries = split.IsCold(u)
                ? _options.TruncatedHistories.Where(n => n < itemCount).Select(n => FirstItems(trainHistories[u], n))
                : [histories[u]];
            var groups = new List<(float[], bool[], int, int)>();
            foreach (var history in queries)
            {
                features.Extract(history, ws);
                int relevant = 0;
                foreach (var item in heldOut) if (!ws.Seen[item]) relevant++;
                var rows = new float[ws.CandidateCount * f];
                var labels = new bool[ws.CandidateCount];
                ws.Features.AsSpan(0, rows.Length).CopyTo(rows);
                for (int k = 0; k < ws.CandidateCount; k++) labels[k] = heldOut.BinarySearch(ws.Candidates[k]) >= 0;
                if (relevant > 0 && labels.Contains(true)) groups.Add((rows, labels, relevant, _options.HistoryBuckets.Of(ws.HistoryLength)));
            }
            perUser[u] = groups;
            return ws;
        }, _ => { });
        long rowCount = 0;
        foreach (var groups in perUser) foreach (var group in groups ?? []) rowCount += group.Labels.Length;
        var samples = new RankingSamples(f, (int)rowCount);
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
    /// The users whose validation groups teach the rankers: all of them up to <see cref="StrataOptions.MaxRankerUsers"/>,
    /// else a seeded sample of that many (the rankers' few dozen weights need thousands of groups, not every user, and
    /// their training grows with the groups).
    /// </summary>
    private bool[] RankerUsers(int users)
    {
        var asked = new bool[users];
        if (users <= _options.MaxRankerUsers)
        {
            Array.Fill(asked, true);
            return asked;
        }
        var order = Enumerable.Range(0, users).ToArray();
        new Random(_options.Validation.Seed).Shuffle(order);
        foreach (var u in order.AsSpan(0, _options.MaxRankerUsers)) asked[u] = true;
        return asked;
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
