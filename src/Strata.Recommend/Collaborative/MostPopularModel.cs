namespace Strata.Recommend.Collaborative;

/// <summary>Scores each item by its number of distinct training users, whoever asks.</summary>
public sealed class MostPopularModel(float[] counts) : ICandidateRecommender
{
    private readonly Lazy<int[]> _byPopularity = new(() => TopKOrder(counts));

    public string Name => "pop";

    public ICandidateQuery Ask(UserHistory history) => new Query(this);

    public Retrieval.InnerProductRetrieval? Retrieval => null;

    private static int[] TopKOrder(float[] counts)
    {
        var order = new int[counts.Length];
        TopK.Select(counts, order);
        return order;
    }

    private sealed class Query(MostPopularModel model) : ICandidateQuery
    {
        public int Propose(int row, Span<int> into, ReadOnlySpan<int> seen)
        {
            int count = 0;
            foreach (var item in model._byPopularity.Value)
            {
                if (count == into.Length) break;
                if (seen.BinarySearch(item) < 0) into[count++] = item;
            }
            return count;
        }

        public void Score(ReadOnlySpan<int> items, Span<float> scores)
        {
            for (int k = 0; k < items.Length; k++) scores[k] = model.Counts[items[k]];
        }
    }

    /// <summary>Distinct training users per item.</summary>
    public ReadOnlySpan<float> Counts => counts;

    public void Score(UserHistory history, Span<float> scores) => counts.CopyTo(scores);
}
