using System.Globalization;

namespace Strata.Recommend.Ranking;

/// <summary>
/// Gradient-boosted regression trees read from LightGBM's text model format and walked in C#: the score is the sum of
/// each tree's leaf value, exactly as <c>LGBM_BoosterPredictForMat</c>'s raw score (numerical splits, LightGBM's
/// missing-value rules), without a native call or handle per request. The model text is kept for saving.
/// </summary>
public sealed class BoostedRanker : IRanker
{
    private const double ZeroThreshold = 1e-35;
    private readonly int[] _treeRoots;          // first node of each tree in the flat node arrays; −1 − leaf for single-leaf trees
    private readonly int[] _treeLeaves;         // first leaf of each tree in _leafValues
    private readonly int[] _splitFeature;
    private readonly double[] _threshold;
    private readonly byte[] _decisionType;
    private readonly int[] _left, _right;       // ≥ 0: node within the tree; < 0: ~leaf within the tree
    private readonly double[] _leafValues;

    private BoostedRanker(string model, IReadOnlyList<string> names, int[] treeRoots, int[] treeLeaves, int[] splitFeature, double[] threshold,
        byte[] decisionType, int[] left, int[] right, double[] leafValues)
    {
        ModelText = model;
        Names = names;
        (_treeRoots, _treeLeaves, _splitFeature, _threshold, _decisionType, _left, _right, _leafValues) =
            (treeRoots, treeLeaves, splitFeature, threshold, decisionType, left, right, leafValues);
    }

    public int Features => Names.Count;

    public IReadOnlyList<string> Names { get; }

    /// <summary>LightGBM's text model, as <c>LGBM_BoosterSaveModelToString</c> wrote it.</summary>
    public string ModelText { get; }

    public int Trees => _treeRoots.Length;

    public float Score(ReadOnlySpan<float> row, Span<float> scratch)
    {
        double sum = 0;
        for (int t = 0; t < _treeRoots.Length; t++)
        {
            int node = _treeRoots[t];
            if (node >= 0)
            {
                int @base = node;
                node = 0;
                while (node >= 0)
                {
                    int at = @base + node;
                    node = GoesLeft(row[_splitFeature[at]], _threshold[at], _decisionType[at]) ? _left[at] : _right[at];
                }
            }
            sum += _leafValues[_treeLeaves[t] + ~node];
        }
        return (float)sum;
    }

    /// <summary>LightGBM's numerical decision: NaN counts as 0 unless NaN is the missing type, and missing values take the default side.</summary>
    private static bool GoesLeft(float feature, double threshold, byte decisionType)
    {
        int missingType = (decisionType >> 2) & 3;
        double value = feature;
        if (double.IsNaN(value) && missingType != 2) value = 0;
        if ((missingType == 1 && value >= -ZeroThreshold && value <= ZeroThreshold) || (missingType == 2 && double.IsNaN(value)))
            return (decisionType & 2) != 0;
        return value <= threshold;
    }

    /// <summary>Reads a model written by LightGBM (numerical splits only; no linear trees).</summary>
    /// <exception cref="InvalidDataException">Not such a model, or one with categorical splits or linear trees.</exception>
    public static BoostedRanker Parse(string model, IReadOnlyList<string> names)
    {
        var roots = new List<int>();
        var leafStarts = new List<int>();
        var splitFeature = new List<int>();
        var threshold = new List<double>();
        var decisionType = new List<byte>();
        var left = new List<int>();
        var right = new List<int>();
        var leafValues = new List<double>();
        Dictionary<string, string>? tree = null;
        foreach (var raw in model.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("Tree=", StringComparison.Ordinal)) { Add(tree); tree = []; continue; }
            if (line == "end of trees") { Add(tree); tree = null; break; }
            if (tree is null) continue;
            var eq = line.IndexOf('=');
            if (eq > 0) tree[line[..eq]] = line[(eq + 1)..];
        }
        if (tree is not null) throw new InvalidDataException("LightGBM model: no 'end of trees' line.");
        return new BoostedRanker(model, names, [.. roots], [.. leafStarts], [.. splitFeature], [.. threshold], [.. decisionType], [.. left], [.. right], [.. leafValues]);

        void Add(Dictionary<string, string>? fields)
        {
            if (fields is null) return;
            if (Field(fields, "num_cat") != "0") throw new InvalidDataException("LightGBM model: categorical splits are not supported.");
            if (fields.TryGetValue("is_linear", out var linear) && linear != "0") throw new InvalidDataException("LightGBM model: linear trees are not supported.");
            int leaves = int.Parse(Field(fields, "num_leaves"), CultureInfo.InvariantCulture);
            leafStarts.Add(leafValues.Count);
            leafValues.AddRange(Numbers(Field(fields, "leaf_value"), double.Parse));
            if (leaves == 1) { roots.Add(-1); return; }
            roots.Add(splitFeature.Count);
            splitFeature.AddRange(Numbers(Field(fields, "split_feature"), int.Parse));
            threshold.AddRange(Numbers(Field(fields, "threshold"), double.Parse));
            decisionType.AddRange(Numbers(Field(fields, "decision_type"), byte.Parse));
            left.AddRange(Numbers(Field(fields, "left_child"), int.Parse));
            right.AddRange(Numbers(Field(fields, "right_child"), int.Parse));
            if (splitFeature.Count != left.Count || left.Count != right.Count || right.Count != threshold.Count || leafValues.Count - leafStarts[^1] != leaves)
                throw new InvalidDataException("LightGBM model: a tree's node arrays disagree in length.");
        }

        static string Field(Dictionary<string, string> fields, string name) =>
            fields.TryGetValue(name, out var value) ? value : throw new InvalidDataException($"LightGBM model: a tree has no '{name}'.");

        static IEnumerable<T> Numbers<T>(string text, Func<string, NumberStyles, IFormatProvider, T> parse) =>
            text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(part => parse(part, NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
