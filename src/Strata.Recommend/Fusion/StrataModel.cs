using Strata.Recommend.Ranking;

namespace Strata.Recommend.Fusion;

/// <summary>
/// Strata's full model: candidates from every proposing signal plus popularity, ranked by a linear ranker learned on a
/// validation split carved from training data, one ranker per history-length bucket. Items outside the candidate set score below every candidate,
/// ordered by the first signal, so the vector stays a full ranking.
/// </summary>
public sealed class StrataModel(
    CandidateFeatures features, HistoryBuckets buckets, IReadOnlyList<LinearRanker> rankers, IReadOnlyList<RankerSelection> selection,
    int newItemSlot = 0, int newItemMinimumHistory = 0) : IRecommender
{
    private readonly ThreadLocal<CandidateFeatures.Workspace> _workspaces = new(features.CreateWorkspace);

    public string Name => "strata";

    internal int NewItemSlot => newItemSlot;
    internal int NewItemMinimumHistory => newItemMinimumHistory;

    public CandidateFeatures Features => features;
    public HistoryBuckets Buckets => buckets;

    /// <summary>One ranker per history-length bucket.</summary>
    public IReadOnlyList<LinearRanker> Rankers => rankers;

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
        features.FillNonCandidates(ws, float.IsFinite(floor) ? floor : 0f, scores);
        PlaceNewItem(ws, scores);
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
