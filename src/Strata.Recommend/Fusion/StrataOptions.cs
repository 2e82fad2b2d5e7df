using Strata.Recommend.Collaborative;
using Strata.Recommend.Ranking;
using Strata.Recommend.Validation;

namespace Strata.Recommend.Fusion;

/// <summary>Options of Strata's full model: its signals, candidate generation, validation carve and ranker.</summary>
public sealed record StrataOptions
{
    /// <summary>Top items taken from each candidate-proposing signal (per interest vector, per CF model).</summary>
    public int CandidatesPerSource { get; init; } = 100;

    /// <summary>Most popular unseen items always added as candidates (the popularity fallback).</summary>
    public int PopularCandidates { get; init; } = 20;

    /// <summary>
    /// The hold-out carved from training data on which the ranker learns (never the test set). By default 20% of users
    /// are left out of the validation fit entirely: the groups of <see cref="TruncatedHistories"/> come from them (their
    /// first n events against all their other items), so short-history rankers learn from users the signals never saw,
    /// as a new user is at serving time.
    /// </summary>
    public ValidationOptions Validation { get; init; } = new() { ColdUserFraction = 0.2 };

    public RankerOptions Ranker { get; init; } = new();

    /// <summary>
    /// Validation users whose groups the rankers learn from; above it a seeded sample of this many. Every MovieLens set
    /// keeps all its users (ml-1m has 6,040); on a shop of 10,000 users the rankers' coordinate ascent over every user's
    /// groups took most of the fit.
    /// </summary>
    public int MaxRankerUsers { get; init; } = 6_500;

    /// <summary>
    /// Boosted trees (LightGBM's LambdaMART) as a third ranker per history bucket, kept only when cross-validation says
    /// they beat the prior and the linear ranker by more than the noise; null (the default) leaves them out: on ml-100k
    /// they lost to the linear ranker (leave-last-out, 8+ items: 0.1418 vs 0.1642) and tied the prior (75-25: 0.2461 vs
    /// 0.2451) in cross-validation, for a quarter more fit time.
    /// </summary>
    public LambdaMartOptions? Boosting { get; init; }

    /// <summary>
    /// History lengths of the extra validation groups: each cold validation user's first n items by time (see
    /// <see cref="ValidationOptions.ColdUserFraction"/>), ranked against their other items, so the ranker is chosen for
    /// short histories too (cold users) and not only for full ones.
    /// </summary>
    public IReadOnlyList<int> TruncatedHistories { get; init; } = [1, 2, 3, 5];

    /// <summary>History-length buckets, each with its own ranker chosen on the validation groups of that length.</summary>
    public HistoryBuckets HistoryBuckets { get; init; } = new([3, 8]);

    /// <summary>EDLAE signal (p = 0.33, Steck 2020's range); a null λ is tuned on the ranker's validation split.</summary>
    public EaseOptions Edlae { get; init; } = new() { DropoutProbability = 0.33 };

    /// <summary>
    /// Length of the recent window: EDLAE also scores the user's last this-many distinct items alone (the
    /// <c>edlae.recent</c> row, a candidate source), so next-item taste can outweigh the whole history. 0 turns it off.
    /// </summary>
    public int RecentItems { get; init; } = 5;

    /// <summary>
    /// Plain EASE as a further signal (a null λ is tuned on the ranker's validation split), or null (the default): beside
    /// EDLAE it changed nothing on ml-100k (recommenders-75-25 nDCG@10 0.4850 with and without, leave-last-out 0.1014
    /// with, 0.1022 without) and doubled the dense item × item work of every fit and every request.
    /// </summary>
    public EaseOptions? Ease { get; init; }

    public ItemKnnOptions ItemKnn { get; init; } = new();

    /// <summary>
    /// Catalogue size above which the collaborative family gives up dense EDLAE (n² memory, n³ time: 15,000 items hold
    /// ≈ 3.6 GB at its peak) and BPR (its epochs scale with the events on one thread) for models whose cost grows with the
    /// events: implicit ALS and item-kNN, with the recent-items row on item-kNN. Every MovieLens set stays dense.
    /// </summary>
    public int DenseItemLimit { get; init; } = 15_000;

    /// <summary>
    /// Catalogue size from which the model asks its signals for candidates (<see cref="ICandidateSignals"/>: an index or
    /// neighbour lists per proposing row) and scores the candidates only, instead of scoring every item in every row — when
    /// every signal can, as the scalable ones do. It matches the size where retrieval turns approximate
    /// (<see cref="Retrieval.VectorIndexOptions.ExactBelow"/>): below it an exact scan per proposing row costs what scoring
    /// that row costs. A request then costs the history and the candidates, not the catalogue.
    /// </summary>
    public int IndexedCandidatesFrom { get; init; } = 100_000;

    /// <summary>Bytes the fit may hold: below <see cref="DenseItemLimit"/> the dense EDLAE is still given up when its estimate alone exceeds this.</summary>
    public long MemoryBudgetBytes { get; init; } = long.MaxValue;

    /// <summary>Implicit ALS, the collaborative model above <see cref="DenseItemLimit"/>.</summary>
    public ImplicitAlsOptions ImplicitAls { get; init; } = new();

    /// <summary>BPR-MF signal; one SGD thread so the whole model is deterministic for a seed (Hogwild threads race).</summary>
    public BprOptions Bpr { get; init; } = new() { Threads = 1 };

    /// <summary>Add the interest model's signals (level and multi-interest similarities, node shares) when item vectors exist.</summary>
    public bool UseInterests { get; init; } = true;

    /// <summary>
    /// The interest taxonomy to use (null: built at fit time with <see cref="TaxonomyOptions"/> from the item vectors the
    /// model reads). A model that tunes its text (<see cref="ItemTower"/>) builds its own from the tuned vectors.
    /// </summary>
    public Interests.Taxonomies.Taxonomy? Taxonomy { get; init; }

    /// <summary>How the taxonomy is built when none is given.</summary>
    public Interests.Taxonomies.TaxonomyOptions? TaxonomyOptions { get; init; }

    /// <summary>The interest profiles' half-lives and smoothing, as the served profiles use them.</summary>
    public Interests.Profiles.InterestOptions Interests { get; init; } = new();

    /// <summary>Event weights <c>w(type, value)</c> of the interest signals, as the served profiles use them.</summary>
    public Interests.Profiles.EventWeightOptions Weights { get; init; } = new();

    /// <summary>
    /// Rank (1-based) at which the best text-matched item with no training events is placed, so items known only by their
    /// text reach users at all (collaborative signals cannot score them, and the ranker learns from items that have events).
    /// 0 turns the slot off. Used only when item vectors exist.
    /// </summary>
    public int NewItemSlot { get; init; } = 10;

    /// <summary>
    /// Distinct items a user needs before the <see cref="NewItemSlot"/> is used: one to a few events say little about a
    /// user's taste in text, and on ml-100k's cold users (given 1 event) the slot cost 0.03 nDCG@10.
    /// </summary>
    public int NewItemMinimumHistory { get; init; } = 8;

    /// <summary>
    /// The item tower tuned on the training events (<see cref="Content.ItemTower"/>): when set and item vectors exist,
    /// the model's text and interest signals (and the new-item slot's match) read the tower's vectors of the frozen
    /// encoder vectors instead of the frozen ones, and its tree is clustered from them. Null keeps the frozen vectors.
    /// </summary>
    public Content.ItemTowerOptions? ItemTower { get; init; }

    /// <summary>
    /// Catalogue size from which the <see cref="ItemTower"/> is not trained and the frozen vectors are read (no limit by
    /// default; the engine's <c>auto</c> text vectors set it).
    /// </summary>
    public int TunedTextItemLimit { get; init; } = int.MaxValue;

    /// <summary>
    /// Signal families left out of the fit (an ablation: Strata with that family removed); popularity always stays.
    /// Empty (the default) fits every family.
    /// </summary>
    public IReadOnlySet<SignalFamily> Without { get; init; } = new HashSet<SignalFamily>();

    /// <summary>
    /// The sequential interest model as a signal and a candidate source (the <c>seq</c> row: its next-interest vector's
    /// scores), or null to leave it out. Alone it reached nDCG@10 0.1139 on ml-100k leave-last-out (EDLAE 0.0722).
    /// </summary>
    public Sequential.SequentialOptions? Sequential { get; init; } = new();

    /// <summary>Further signals (e.g. interest-model similarities), fitted like the built-in ones.</summary>
    public IReadOnlyList<ISignalTrainer> ExtraSignals { get; init; } = [];
}
