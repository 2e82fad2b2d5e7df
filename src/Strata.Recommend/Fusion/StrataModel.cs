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
        var floor = RankCandidates(ws, scores);
        features.FillNonCandidates(ws, floor, scores);
        if (!features.IndexedCandidates) PlaceNewItem(ws, scores);
    }

    /// <summary>
    /// Top k without the non-candidates' fill (every non-candidate scores below every candidate): the same answer as
    /// scoring the catalogue, which it falls back to when the candidates and the new-item slot cannot fill k places.
    /// With <see cref="CandidateFeatures.IndexedCandidates"/> nothing here is as long as the catalogue.
    /// </summary>
    public ScoredItem[] TopItems(UserHistory history, int k, int catalogSize, ReadOnlySpan<int> exclude)
    {
        var ws = _workspaces.Value!;
        features.Extract(history, ws);
        if (features.IndexedCandidates)
        {
            var ranked = ws.RankScores.AsSpan(0, ws.CandidateCount);
            RankCandidates(ws, default);
            var wanted = Math.Min(k, catalogSize);
            var keys = new List<ulong>(ranked.Length);
            for (int c = 0; c < ranked.Length; c++)
                if (!exclude.Contains(ws.Candidates[c])) keys.Add(TopK.DescendingKey(ranked[c], c));
            if (keys.Count >= wanted)
            {
                keys.Sort();
                var result = new ScoredItem[wanted];
                for (int r = 0; r < wanted; r++)
                {
                    var c = (int)(uint)keys[r];
                    result[r] = new ScoredItem(ws.Candidates[c], ranked[c]);
                }
                return result;
            }
        }
        else
        {
            var candidateScores = new float[catalogSize];
            candidateScores.AsSpan().Fill(float.NegativeInfinity);
            var floor = RankCandidates(ws, candidateScores);
            PlaceNewItem(ws, candidateScores);
            var top = RecommenderExtensions.Select(candidateScores, history, k, exclude);
            if (top.Length == Math.Min(k, catalogSize) && (top.Length == 0 || top[^1].Score >= floor)) return top;
        }
        var scores = new float[catalogSize];
        Score(history, scores);
        return RecommenderExtensions.Select(scores, history, k, exclude);
    }

    /// <summary>
    /// The ranker's score of each candidate into the workspace's rank scores (with the new-item slot applied when the
    /// candidates are indexed), and into <paramref name="scores"/> when it is not empty; returns the lowest (0 when there are none).
    /// </summary>
    private float RankCandidates(CandidateFeatures.Workspace ws, Span<float> scores)
    {
        int f = features.FeatureCount;
        var ranker = rankers[buckets.Of(ws.HistoryLength)];
        var ranked = ws.RankScores.AsSpan(0, ws.CandidateCount);
        Span<float> scratch = stackalloc float[f];
        for (int k = 0; k < ranked.Length; k++) ranked[k] = ranker.Score(ws.Features.AsSpan(k * f, f), scratch);
        if (features.IndexedCandidates) PlaceNewCandidate(ws, ranked);
        float floor = float.PositiveInfinity;
        for (int k = 0; k < ranked.Length; k++)
        {
            if (!scores.IsEmpty) scores[ws.Candidates[k]] = ranked[k];
            floor = MathF.Min(floor, ranked[k]);
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

    /// <summary><see cref="PlaceNewItem"/> over the candidates' own scores, where the new item is one of the candidates.</summary>
    private void PlaceNewCandidate(CandidateFeatures.Workspace ws, Span<float> ranked)
    {
        if (newItemSlot <= 0 || ws.HistoryLength < newItemMinimumHistory) return;
        var item = features.BestNewItem(ws);
        if (item < 0 || !features.IsCandidate(ws, item, out var position)) return;
        Span<int> top = stackalloc int[Math.Min(newItemSlot, ranked.Length)];
        if (top.IsEmpty) return;
        var found = TopK.Select(ranked, top);
        if (top[..found].Contains(position)) return;
        Span<int> listed = stackalloc int[found];
        for (int k = 0; k < found; k++) listed[k] = ws.Candidates[top[k]];
        if (!features.TextMatchesAtLeast(ws, item, listed)) return;
        var held = ranked[top[found - 1]];
        ranked[position] = found < newItemSlot ? held - 1f : MathF.BitIncrement(held);
    }
}
