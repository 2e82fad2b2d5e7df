using System.Globalization;
using System.Text;

namespace Strata.Recommend.Ranking;

/// <summary>
/// Learns a <see cref="BoostedRanker"/> with LightGBM's LambdaMART (Burges 2010): regression trees fitted to the lambda
/// gradients of nDCG over each group's rows, binary labels. LightGBM runs deterministic and single-threaded, so a seed
/// gives the same trees on any machine; only training is native, serving walks the trees in C#.
/// </summary>
public sealed class LambdaMartTrainer(LambdaMartOptions? options = null)
{
    private readonly LambdaMartOptions _options = options ?? new LambdaMartOptions();

    /// <summary>Trees on the included groups that hold a relevant row (the others carry no gradient), or null when there are none.</summary>
    /// <exception cref="InvalidOperationException">LightGBM refused the data or the parameters (its own message).</exception>
    public unsafe BoostedRanker? Fit(RankingSamples samples, IReadOnlyList<string> names, Func<int, bool>? includeGroup = null)
    {
        int f = samples.Features;
        var allRows = samples.Rows;
        var allLabels = samples.Labels;
        var offsets = samples.GroupOffsets;
        bool Learns(int g) =>
            (includeGroup is null || includeGroup(g)) && samples.Labels[samples.GroupOffsets[g]..samples.GroupOffsets[g + 1]].Contains(true);
        int groups = 0, count = 0;
        for (int g = 0; g < samples.Groups; g++)
            if (Learns(g)) { groups++; count += offsets[g + 1] - offsets[g]; }
        if (groups == 0) return null;
        // Exact-size arrays, filled once: LightGBM copies them into its own bins.
        var rowArray = new float[(long)count * f];
        var labelArray = new float[count];
        var sizeArray = new int[groups];
        for (int g = 0, at = 0, group = 0; g < samples.Groups; g++)
        {
            if (!Learns(g)) continue;
            int start = offsets[g], size = offsets[g + 1] - start;
            allRows.Slice(start * f, size * f).CopyTo(rowArray.AsSpan(at * f));
            for (int r = 0; r < size; r++) labelArray[at + r] = allLabels[start + r] ? 1f : 0f;
            sizeArray[group++] = size;
            at += size;
        }

        var datasetParameters = "max_bin=255 verbose=-1";
        var parameters = string.Create(CultureInfo.InvariantCulture,
            $"objective=lambdarank label_gain=0,1 lambdarank_truncation_level={_options.TruncationLevel} num_leaves={_options.Leaves} " +
            $"learning_rate={_options.LearningRate} min_data_in_leaf={_options.MinRowsInLeaf} deterministic=true force_row_wise=true num_threads=1 " +
            $"seed={_options.Seed} {datasetParameters}");
        nint dataset = 0, booster = 0;
        try
        {
            fixed (float* data = rowArray)
                LightGbmNative.Check(LightGbmNative.DatasetCreateFromMat(data, LightGbmNative.Float32, labelArray.Length, f, 1, datasetParameters, 0, out dataset));
            fixed (float* label = labelArray)
                LightGbmNative.Check(LightGbmNative.DatasetSetField(dataset, "label", label, labelArray.Length, LightGbmNative.Float32));
            fixed (int* group = sizeArray)
                LightGbmNative.Check(LightGbmNative.DatasetSetField(dataset, "group", group, sizeArray.Length, LightGbmNative.Int32));
            LightGbmNative.Check(LightGbmNative.BoosterCreate(dataset, parameters, out booster));
            for (int tree = 0; tree < _options.Trees; tree++)
            {
                LightGbmNative.Check(LightGbmNative.BoosterUpdateOneIter(booster, out var finished));
                if (finished != 0) break;
            }
            return BoostedRanker.Parse(ModelText(booster), names);
        }
        finally
        {
            if (booster != 0) LightGbmNative.BoosterFree(booster);
            if (dataset != 0) LightGbmNative.DatasetFree(dataset);
        }
    }

    private static unsafe string ModelText(nint booster)
    {
        LightGbmNative.Check(LightGbmNative.BoosterSaveModelToString(booster, 0, -1, 0, 0, out var length, null));
        var buffer = new byte[length];
        fixed (byte* text = buffer)
            LightGbmNative.Check(LightGbmNative.BoosterSaveModelToString(booster, 0, -1, 0, length, out length, text));
        return Encoding.UTF8.GetString(buffer, 0, (int)length - 1); // the C string's terminating NUL
    }
}
