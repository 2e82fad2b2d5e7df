using Strata.Interests.Profiles;
namespace Strata.Recommend.Collaborative;

/// <summary>
/// A fitted item-kNN model: score(i) = Σ_{j ∈ history} sim(j, i) over each history item's kept neighbours.
/// Neighbour lists are fixed-width rows (<c>width</c> slots, <c>counts[j]</c> used), best first.
/// </summary>
public sealed class ItemKnnModel(int items, int width, int[] neighbours, float[] similarities, int[] counts, EventWeights? feedback = null) : ICandidateRecommender, Explanations.IItemContributions
{
    private readonly EventWeights _feedback = feedback ?? EventWeights.Default;
    public string Name => "itemknn";

    internal (int Items, int Width, int[] Neighbours, float[] Similarities, int[] Counts) Parts => (items, width, neighbours, similarities, counts);

    /// <summary>Item j's kept neighbours and their similarities, best first.</summary>
    public (ReadOnlyMemory<int> Items, ReadOnlyMemory<float> Similarities) NeighboursOf(int item) =>
        (neighbours.AsMemory(item * width, counts[item]), similarities.AsMemory(item * width, counts[item]));

    public void Score(UserHistory history, Span<float> scores)
    {
        scores.Clear();
        foreach (var item in HistoryItems.DistinctPositive(history, items, _feedback))
        {
            var start = item * width;
            var near = neighbours.AsSpan(start, counts[item]);
            var sims = similarities.AsSpan(start, counts[item]);
            for (int r = 0; r < near.Length; r++) scores[near[r]] += sims[r];
        }
    }

    public Retrieval.InnerProductRetrieval? Retrieval => null;

    /// <summary>The scores of the items the history's neighbour lists reach (every other item scores 0): O(history × width).</summary>
    public ICandidateQuery Ask(UserHistory history)
    {
        var reached = new Dictionary<int, float>();
        foreach (var item in HistoryItems.DistinctPositive(history, items, _feedback))
        {
            var start = item * width;
            var near = neighbours.AsSpan(start, counts[item]);
            var sims = similarities.AsSpan(start, counts[item]);
            for (int r = 0; r < near.Length; r++) reached[near[r]] = reached.GetValueOrDefault(near[r]) + sims[r];
        }
        return new Query(reached);
    }

    private sealed class Query(Dictionary<int, float> reached) : ICandidateQuery
    {
        public int Propose(int row, Span<int> into, ReadOnlySpan<int> seen)
        {
            var keys = new List<ulong>(reached.Count);
            foreach (var (item, score) in reached)
                if (seen.BinarySearch(item) < 0) keys.Add(TopK.DescendingKey(score, item));
            keys.Sort();
            var count = Math.Min(into.Length, keys.Count);
            for (int k = 0; k < count; k++) into[k] = (int)(uint)keys[k];
            return count;
        }

        public void Score(ReadOnlySpan<int> items, Span<float> scores)
        {
            for (int k = 0; k < items.Length; k++) scores[k] = reached.GetValueOrDefault(items[k]);
        }
    }

    /// <summary>sim(historyItem, item) when <paramref name="item"/> is among the history item's kept neighbours, else 0.</summary>
    public float Contribution(int historyItem, int item)
    {
        var start = historyItem * width;
        var near = neighbours.AsSpan(start, counts[historyItem]);
        var at = near.IndexOf(item);
        return at < 0 ? 0f : similarities[start + at];
    }
}
