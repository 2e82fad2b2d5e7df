using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Strata.Recommend.Ranking;

/// <summary>
/// Training data of a ranker: feature rows (row-major, <see cref="Features"/> wide) grouped per query (one user),
/// each row labelled relevant or not. Rows of group g are <c>GroupOffsets[g]..GroupOffsets[g+1]</c>.
/// </summary>
/// <remarks>
/// The rows are read in place and standardised once: a fit's selection trains dozens of rankers on the same samples, and
/// at 10⁶ items (6,500 users' groups, about a gigabyte of rows) a copy per ranker left 12 GB of dead arrays in the heap.
/// </remarks>
public sealed class RankingSamples(int features, int capacity = 0)
{
    private readonly List<float> _rows = new(capacity * features);
    private readonly List<bool> _labels = new(capacity);
    private readonly List<int> _offsets = [0];
    private readonly List<int> _relevant = [];
    private Standardisation? _standardisation;

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
        _rows.AddRange(rows);
        _labels.AddRange(labels);
        _offsets.Add(_labels.Count);
        _standardisation = null;
    }

    /// <summary>Every row, in place (valid until the next <see cref="AddGroup"/>).</summary>
    public ReadOnlySpan<float> Rows => CollectionsMarshal.AsSpan(_rows);
    public ReadOnlySpan<bool> Labels => CollectionsMarshal.AsSpan(_labels);
    public ReadOnlySpan<int> GroupOffsets => CollectionsMarshal.AsSpan(_offsets);
    public int RelevantTotal(int group) => _relevant[group];

    /// <summary>
    /// Per feature, the mean and standard deviation over all rows (1 where a feature is constant), and the rows with each
    /// feature centred and divided by it; computed on first use and shared by every ranker trained on these samples.
    /// </summary>
    public Standardisation Standardised() => _standardisation ??= Standardisation.Of(Rows, Features);

    public sealed record Standardisation(float[] Rows, float[] Means, float[] Scales)
    {
        internal static Standardisation Of(ReadOnlySpan<float> rows, int f)
        {
            var sums = new double[f];
            var squares = new double[f];
            int count = rows.Length / Math.Max(f, 1);
            for (int r = 0; r < count; r++)
                for (int c = 0; c < f; c++)
                {
                    double x = rows[r * f + c];
                    sums[c] += x; squares[c] += x * x;
                }
            var means = new float[f];
            var scales = new float[f];
            for (int c = 0; c < f; c++)
            {
                var mean = count == 0 ? 0 : sums[c] / count;
                var variance = count == 0 ? 0 : squares[c] / count - mean * mean;
                means[c] = (float)mean;
                scales[c] = variance > 1e-12 ? (float)Math.Sqrt(variance) : 1f;
            }
            var standardised = rows.ToArray();
            for (int r = 0; r < count; r++)
            {
                var z = standardised.AsSpan(r * f, f);
                TensorPrimitives.Subtract(z, means, z);
                TensorPrimitives.Divide(z, scales, z);
            }
            return new Standardisation(standardised, means, scales);
        }
    }

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
        var scores = new float[Groups == 0 ? 0 : LargestGroup()];
        var top = new int[k];
        for (int g = 0; g < Groups; g++)
        {
            if (includeGroup is not null && !includeGroup(g)) continue;
            int start = _offsets[g], count = _offsets[g + 1] - start;
            for (int r = 0; r < count; r++) scores[r] = ranker.Score(Rows.Slice((start + r) * Features, Features), scratch);
            var found = TopK.Select(scores.AsSpan(0, count), top.AsSpan(0, Math.Min(k, count)));
            double dcg = 0, idcg = 0;
            for (int rank = 0; rank < found; rank++) if (_labels[start + top[rank]]) dcg += 1 / Math.Log(rank + 2);
            for (int rank = 0; rank < Math.Min(k, _relevant[g]); rank++) idcg += 1 / Math.Log(rank + 2);
            values.Add(idcg > 0 ? dcg / idcg : 0);
        }
        return values;
    }

    /// <summary>The most rows any group has.</summary>
    public int LargestGroup()
    {
        int largest = 0;
        for (int g = 0; g < Groups; g++) largest = Math.Max(largest, _offsets[g + 1] - _offsets[g]);
        return largest;
    }
}
