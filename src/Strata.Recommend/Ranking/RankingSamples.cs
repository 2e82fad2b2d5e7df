namespace Strata.Recommend.Ranking;

/// <summary>
/// Training data of a ranker: feature rows (row-major, <see cref="Features"/> wide) grouped per query (one user),
/// each row labelled relevant or not. Rows of group g are <c>GroupOffsets[g]..GroupOffsets[g+1]</c>.
/// </summary>
public sealed class RankingSamples(int features)
{
    private readonly List<float> _rows = [];
    private readonly List<bool> _labels = [];
    private readonly List<int> _offsets = [0];
    private readonly List<int> _relevant = [];

    public int Features { get; } = features;
    public int Count => _labels.Count;
    public int Groups => _offsets.Count - 1;

    /// <summary>
    /// Adds one group: <paramref name="rows"/> holds labels.Length rows; <paramref name="relevantTotal"/> counts the
    /// group's relevant items including those no row represents (they still count in the ideal DCG).
    /// </summary>
    public void AddGroup(ReadOnlySpan<float> rows, ReadOnlySpan<bool> labels, int relevantTotal)
    {
        if (rows.Length != labels.Length * Features) throw new ArgumentException("One row of features per label.");
        _relevant.Add(relevantTotal);
        foreach (var x in rows) _rows.Add(x);
        foreach (var y in labels) _labels.Add(y);
        _offsets.Add(_labels.Count);
    }

    public float[] Rows() => [.. _rows];
    public bool[] Labels() => [.. _labels];
    public int[] GroupOffsets() => [.. _offsets];
    public int RelevantTotal(int group) => _relevant[group];

    /// <summary>Mean binary nDCG@k of ranking each group's rows by <paramref name="ranker"/> (Recommenders' definition).</summary>
    public double NdcgAt(IRanker ranker, int k, Func<int, bool>? includeGroup = null)
    {
        var values = NdcgPerGroup(ranker, k, includeGroup);
        return values.Count == 0 ? 0 : values.Average();
    }

    /// <summary>Binary nDCG@k of each included group, in group order.</summary>
    public List<double> NdcgPerGroup(IRanker ranker, int k, Func<int, bool>? includeGroup = null)
    {
        Span<float> scratch = stackalloc float[Features];
        var values = new List<double>();
        for (int g = 0; g < Groups; g++)
        {
            if (includeGroup is not null && !includeGroup(g)) continue;
            int start = _offsets[g], count = _offsets[g + 1] - start;
            var scores = new float[count];
            for (int r = 0; r < count; r++) scores[r] = ranker.Score(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_rows).Slice((start + r) * Features, Features), scratch);
            var top = new int[Math.Min(k, count)];
            var found = TopK.Select(scores, top);
            double dcg = 0, idcg = 0;
            for (int rank = 0; rank < found; rank++) if (_labels[start + top[rank]]) dcg += 1 / Math.Log(rank + 2);
            for (int rank = 0; rank < Math.Min(k, _relevant[g]); rank++) idcg += 1 / Math.Log(rank + 2);
            values.Add(idcg > 0 ? dcg / idcg : 0);
        }
        return values;
    }
}
