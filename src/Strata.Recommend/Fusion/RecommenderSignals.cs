using Strata.Interests.Profiles;
namespace Strata.Recommend.Fusion;

/// <summary>
/// A fitted recommender as a signal row (its scores), optionally a candidate source. With <c>recentItems</c> &gt; 0 it
/// adds a second row, <c>&lt;name&gt;.recent</c>: the same model asked about the user's last <c>recentItems</c> distinct
/// positive items only, so the ranker can weigh what the user turned to lately against their whole history.
/// </summary>
public sealed class RecommenderSignals : ICandidateSignals
{
    private readonly int _recentItems;
    private readonly EventWeights _feedback;

    public RecommenderSignals(IRecommender model, bool proposesCandidates, int recentItems = 0, EventWeights? feedback = null)
    {
        Model = model;
        _feedback = feedback ?? EventWeights.Default;
        _recentItems = recentItems;
        Names = recentItems > 0 ? [model.Name, model.Name + ".recent"] : [model.Name];
        ProposesCandidates = recentItems > 0 ? [proposesCandidates, proposesCandidates] : [proposesCandidates];
    }

    public IRecommender Model { get; }

    /// <summary>Length of the recent window of the <c>.recent</c> row (0: no such row).</summary>
    public int RecentItems => _recentItems;
    public IReadOnlyList<string> Names { get; }
    public IReadOnlyList<bool> ProposesCandidates { get; }

    public void Score(UserHistory history, Span<float> scores)
    {
        if (_recentItems <= 0)
        {
            Model.Score(history, scores);
            return;
        }
        var items = scores.Length / 2;
        Model.Score(history, scores[..items]);
        Model.Score(Recent(history, _recentItems, items, _feedback), scores[items..]);
    }

    public bool AnswersCandidates => Model is ICandidateRecommender;

    public IEnumerable<Retrieval.InnerProductRetrieval> Retrievals =>
        Model is ICandidateRecommender { Retrieval: { } retrieval } ? [retrieval] : [];

    public ICandidateQuery Ask(UserHistory history, int catalogSize)
    {
        var model = Model as ICandidateRecommender ?? throw new NotSupportedException($"Model '{Model.Name}' scores only the whole catalogue.");
        var whole = model.Ask(history);
        return _recentItems <= 0 ? whole : new WithRecent(whole, model.Ask(Recent(history, _recentItems, catalogSize, _feedback)));
    }

    /// <summary>The whole history's row and the recent window's row.</summary>
    private sealed class WithRecent(ICandidateQuery whole, ICandidateQuery recent) : ICandidateQuery
    {
        public int Propose(int row, Span<int> into, ReadOnlySpan<int> seen) => (row == 0 ? whole : recent).Propose(0, into, seen);

        public void Score(ReadOnlySpan<int> items, Span<float> scores)
        {
            whole.Score(items, scores[..items.Length]);
            recent.Score(items, scores.Slice(items.Length, items.Length));
        }
    }

    /// <summary>
    /// The <paramref name="count"/> most recent distinct positive items of a history (by time; events at the same second
    /// by their order in the history), as an unknown user's query.
    /// </summary>
    public static UserHistory Recent(UserHistory history, int count, int catalogSize, EventWeights feedback)
    {
        var order = new int[history.Count];
        for (int e = 0; e < order.Length; e++) order[e] = e;
        var seconds = history.Seconds;
        Array.Sort(order, (a, b) => seconds[b] != seconds[a] ? seconds[b].CompareTo(seconds[a]) : b.CompareTo(a));
        var picked = new List<int>(count);
        foreach (var e in order)
        {
            var item = history.Items[e];
            if ((uint)item >= (uint)catalogSize || !feedback.IsPositive(history.Types[e], history.Values[e])) continue;
            if (!picked.Contains(item)) picked.Add(item);
            if (picked.Count == count) break;
        }
        picked.Reverse();
        return UserHistory.OfItems(-1, [.. picked]);
    }
}
