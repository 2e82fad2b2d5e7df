using Strata.Recommend.Ranking;

namespace Strata.Recommend.Fusion;

/// <summary>
/// Strata's full model: candidates from every proposing signal plus popularity, ranked by a linear ranker learned on a
/// validation split carved from training data, one ranker per history-length bucket. Items outside the candidate set score below every candidate,
/// ordered by the first signal, so the vector stays a full ranking.
/// </summary>
public sealed class StrataModel(
    CandidateFeatures features, HistoryBuckets buckets, IReadOnlyList<IRanker> rankers, IReadOnlyList<RankerSelection> selection,
    int newItemSlot = 0, int newItemMinimumHistory = 0, Content.ItemTower? tower = null) : IRecommender, ITopItems
{
    private readonly ThreadLocal<CandidateFeatures.Workspace> _workspaces = new(features.CreateWorkspace);

    public string Name => "strata";

    internal int NewItemSlot => newItemSlot;
    internal int NewItemMinimumHistory => newItemMinimumHistory;

    public CandidateFeatures Features => features;

    /// <summary>
    /// The item tower whose vectors (of the frozen encoder vectors) the text and interest signals read, or null when they
    /// read the frozen vectors. Inductive: <see cref="Content.ItemTower.TransformAll"/> maps any item with text.
    /// </summary>
    public Content.ItemTower? Tower => tower;
    public HistoryBuckets Buckets => buckets;

    /// <summary>One ranker per history-length bucket.</summary>
    public IReadOnlyList<IRanker> Rankers => rankers;

    /// <summary>The collaborative backbone (the first signal, EDLAE) whose per-history-item terms explanations name.</summary>
    public Explanations.IItemContributions? Contributions =>
        features.Signals.Count > 0 && features.Signals[0] is RecommenderSignals { Model: Explanations.IItemContributions c } ? c : null;

    /// <summary>The interest taxonomy the model's interest signals use (null when fitted without item vectors).</summary>
    public Interests.Taxonomies.Taxonomy? Taxonomy =>
        features.Signals.OfType<InterestSignals>().FirstOrDefault()?.Context.Taxonomy;

    /// <summary>How each bucket's ranker was chosen on validation data carved from training.</summary>
    public IReadOnlyList<RankerSelection> Selection => selection;

    public void Score(UserHistory history, Span<float> scores)
    {
        var ws = _workspaces.Value!;
        features.Extract(history, ws);
        var floor = ScoreCandidates(ws, scores);
        features.FillNonCandidates(ws, floor, scores);
        PlaceNewItem(ws, scores);
    }

    /// <summary>
    /// Top k without the non-candidates' fill (every non-candidate scores below every candidate): the same answer as
    /// scoring the catalogue, which it falls back to when the candidates and the new-item slot cannot fill k places.
    /// </summary>
    public ScoredItem[] TopItems(UserHistory history, int k, int catalogSize, ReadOnlySpan<int> exclude)
    {
        var ws = _workspaces.Value!;
        features.Extract(history, ws);
        var scores = new float[catalogSize];
        scores.AsSpan().Fill(float.NegativeInfinity);
        var floor = ScoreCandidates(ws, scores);
        PlaceNewItem(ws, scores);
        var top = RecommenderExtensions.Select(scores, history, k, exclude);
        if (top.Length == Math.Min(k, catalogSize) && (top.Length == 0 || top[^1].Score >= floor)) return top;
        Score(history, scores);
        return RecommenderExtensions.Select(scores, history, k, exclude);
    }

    /// <summary>Writes the ranker's score of each candidate; returns the lowest (0 when there are none).</summary>
    private float ScoreCandidates(CandidateFeatures.Workspace ws, Span<float> scores)
    {
        int f = features.FeatureCount;
        var ranker = rankers[buckets.Of(ws.HistoryLength)];
        Span<float> scratch = stackalloc float[f];
        float floor = float.PositiveInfinity;
        for (int k = 0; k < ws.CandidateCount; k++)
        {
            var s = ranker.Score(ws.Features.AsSpan(k * f, f), scratch);
            scores[ws.Candidates[k]] = s;
            if (s < floor) floor = s;
        }
        return float.IsFinite(floor) ? floor : 0f;
    }

    /// <summary>
    /// Moves the best text-matched item without events to rank <c>newItemSlot</c>: just above the candidate that held
    /// that rank, so everything the ranker put before it keeps its order. The new item earns the slot only when its text
    /// matches the user at least as well as every item of the list it joins, and only for users with enough history for
    /// their text profile to mean something.
    /// </summary>
    private void PlaceNewItem(CandidateFeatures.Workspace ws, Span<float> scores)
    {
        if (newItemSlot <= 0 || ws.HistoryLength < newItemMinimumHistory) return;
        var item = features.BestNewItem(ws);
        if (item < 0) return;
        Span<int> top = stackalloc int[Math.Min(newItemSlot, ws.CandidateCount)];
        if (top.IsEmpty) return;
        var found = TopK.Select(scores, top, ws.Seen);
        for (int k = 0; k < found; k++) if (top[k] == item) return;
        if (!features.TextMatchesAtLeast(ws, item, top[..found])) return;
        var held = scores[top[found - 1]];
        scores[item] = found < newItemSlot ? held - 1f : MathF.BitIncrement(held);
    }
}
