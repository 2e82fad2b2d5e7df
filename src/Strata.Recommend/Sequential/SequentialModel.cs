using Strata.Interests.Profiles;
namespace Strata.Recommend.Sequential;

/// <summary>
/// The sequential interest model: the next-interest vector u of the user's last <see cref="InterestAttention.Window"/>
/// distinct items (see <see cref="InterestAttention"/>), scoring item i as u · e_i + β_i. A query reads only that window,
/// so a live user's new event costs O(L·d + d²) to fold in, plus the catalogue scan every model pays.
/// </summary>
public sealed class SequentialModel : ICandidateRecommender
{
    private readonly ThreadLocal<InterestAttention.Workspace> _workspaces;
    private readonly EventWeights _feedback;

    public SequentialModel(InterestAttention attention, EventWeights? feedback = null)
    {
        Attention = attention;
        _feedback = feedback ?? EventWeights.Default;
        _workspaces = new(() => new InterestAttention.Workspace(attention.Dimensions, attention.Window));
        // u · e_i + β_i over embeddings of any norm: the index proposes 10 × the items wanted, re-scored exactly.
        _retrieval = new(() => new Retrieval.InnerProductRetrieval(attention.Embeddings, attention.Dimensions, attention.Bias, overFetch: 10));
    }

    private readonly Lazy<Retrieval.InnerProductRetrieval> _retrieval;

    /// <summary>Top items by u · e_i + β_i through an index over the embeddings (with the offsets as a column), built on first use.</summary>
    public Retrieval.InnerProductRetrieval Retrieval => _retrieval.Value;

    /// <summary>The next-interest vector (zero without a positive item: the offsets alone rank, as in <see cref="Score"/>).</summary>
    public ICandidateQuery Ask(UserHistory history) =>
        new Query(Retrieval, Interest(history) ?? new float[Attention.Dimensions]);

    private sealed class Query(Retrieval.InnerProductRetrieval retrieval, float[] interest) : ICandidateQuery
    {
        public int Propose(int row, Span<int> into, ReadOnlySpan<int> seen) =>
            retrieval.Search(interest, into, new float[into.Length], seen, Strata.Recommend.Retrieval.InnerProductRetrieval.CandidateOverFetch);

        public void Score(ReadOnlySpan<int> items, Span<float> scores)
        {
            for (int k = 0; k < items.Length; k++) scores[k] = retrieval.Score(items[k], interest);
        }
    }

    public string Name => "seq";

    public InterestAttention Attention { get; }

    public void Score(UserHistory history, Span<float> scores)
    {
        int items = Attention.Items;
        scores[items..].Fill(float.NegativeInfinity);
        var sequence = Sequence(history, items, _feedback);
        if (sequence.Length == 0)
        {
            // Nothing to attend to: the learned item offsets alone (a popularity prior).
            Attention.Bias.CopyTo(scores);
            return;
        }
        var ws = _workspaces.Value!;
        Attention.Forward(sequence.AsSpan(Math.Max(0, sequence.Length - Attention.Window)), ws);
        Attention.ScoreAll(ws.Interest, scores);
    }

    /// <summary>The next-interest vector u of a history (null when it has no positive catalogue item).</summary>
    public float[]? Interest(UserHistory history)
    {
        var sequence = Sequence(history, Attention.Items, _feedback);
        if (sequence.Length == 0) return null;
        var ws = new InterestAttention.Workspace(Attention.Dimensions, Attention.Window);
        Attention.Forward(sequence.AsSpan(Math.Max(0, sequence.Length - Attention.Window)), ws);
        return (float[])ws.Interest.Clone();
    }

    /// <summary>
    /// A history's distinct positive catalogue items in time order (events at the same second in their history order),
    /// each at its latest occurrence: what the user turned to, most recent last.
    /// </summary>
    public static int[] Sequence(UserHistory history, int catalogSize, EventWeights feedback)
    {
        var order = new int[history.Count];
        for (int e = 0; e < order.Length; e++) order[e] = e;
        var seconds = history.Seconds;
        Array.Sort(order, (a, b) => seconds[a] != seconds[b] ? seconds[a].CompareTo(seconds[b]) : a.CompareTo(b));
        var seen = new HashSet<int>();
        var reversed = new List<int>(order.Length);
        for (int k = order.Length - 1; k >= 0; k--)
        {
            var e = order[k];
            var item = history.Items[e];
            if ((uint)item >= (uint)catalogSize || !feedback.IsPositive(history.Types[e], history.Values[e])) continue;
            if (seen.Add(item)) reversed.Add(item);
        }
        reversed.Reverse();
        return [.. reversed];
    }
}
