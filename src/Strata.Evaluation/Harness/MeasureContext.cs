using Strata.Evaluation.Metrics;
using Strata.Evaluation.Splits;

namespace Strata.Evaluation.Harness;

/// <summary>What the list-level metrics need from a split: training popularity for novelty, item vectors for diversity.</summary>
internal sealed class MeasureContext
{
    public MeasureContext(EvaluationSplit split, float[]? itemVectors, int dimensions)
    {
        CatalogSize = split.Train.Items.Count;
        ItemVectors = itemVectors;
        Dimensions = dimensions;
        ColdItems = split.ColdItems;
        var train = split.Train;
        var (offsets, rows) = train.RowsByUser();
        UserCounts = new int[CatalogSize];
        var lastUser = new int[CatalogSize];
        Array.Fill(lastUser, -1);
        for (int u = 0; u < train.Users.Count; u++)
        {
            if (offsets[u + 1] > offsets[u]) TrainingUsers++;
            for (int i = offsets[u]; i < offsets[u + 1]; i++)
            {
                var item = train.ItemIndex[rows[i]];
                if (item < 0 || lastUser[item] == u) continue;
                lastUser[item] = u;
                UserCounts[item]++;
            }
        }
    }

    public int CatalogSize { get; }
    public float[]? ItemVectors { get; }
    public int Dimensions { get; }
    public bool[]? ColdItems { get; }

    /// <summary>Distinct training users per item.</summary>
    public int[] UserCounts { get; }

    /// <summary>Users with at least one training event.</summary>
    public int TrainingUsers { get; }

    /// <summary>Mean intra-list diversity over lists of two or more items; NaN without item vectors.</summary>
    public double MeanDiversity(int[][] lists)
    {
        if (ItemVectors is null) return double.NaN;
        double sum = 0;
        int n = 0;
        foreach (var list in lists)
        {
            var d = IntraListDiversity.Measure(list, ItemVectors, Dimensions);
            if (double.IsNaN(d)) continue;
            sum += d;
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }

    /// <summary>Mean novelty over non-empty lists.</summary>
    public double MeanNovelty(int[][] lists)
    {
        if (TrainingUsers == 0) return double.NaN;
        double sum = 0;
        int n = 0;
        foreach (var list in lists)
        {
            if (list.Length == 0) continue;
            sum += Novelty.Measure(list, UserCounts, TrainingUsers);
            n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }
}
