namespace Strata.Interests.Taxonomies;

/// <summary>
/// Agreement between a clustering and reference labels: normalised mutual information
/// <c>NMI = I(C; L) / ((H(C) + H(L)) / 2)</c> (arithmetic normalisation, as scikit-learn's default). Items with several labels
/// (flat genres) spread unit mass evenly over their labels, so multi-genre items neither vanish nor count twice.
/// </summary>
public static class TaxonomyEvaluation
{
    /// <summary>NMI between <paramref name="clusters"/>[i] and the label set <paramref name="labels"/>[i] of each item; items without labels are skipped.</summary>
    public static double Nmi(ReadOnlySpan<int> clusters, IReadOnlyList<int[]> labels)
    {
        if (clusters.Length != labels.Count) throw new ArgumentException("One label set per item is required.", nameof(labels));
        var joint = new Dictionary<(int, int), double>();
        var clusterMass = new Dictionary<int, double>();
        var labelMass = new Dictionary<int, double>();
        double total = 0;
        for (int i = 0; i < clusters.Length; i++)
        {
            var set = labels[i];
            if (set.Length == 0) continue;
            var share = 1.0 / set.Length;
            foreach (var l in set)
            {
                joint[(clusters[i], l)] = joint.GetValueOrDefault((clusters[i], l)) + share;
                labelMass[l] = labelMass.GetValueOrDefault(l) + share;
            }
            clusterMass[clusters[i]] = clusterMass.GetValueOrDefault(clusters[i]) + 1;
            total += 1;
        }
        if (total == 0) return 0;
        double mutual = 0;
        foreach (var ((c, l), mass) in joint)
            mutual += mass / total * Math.Log(mass * total / (clusterMass[c] * labelMass[l]));
        var hc = Entropy(clusterMass.Values, total);
        var hl = Entropy(labelMass.Values, total);
        var mean = (hc + hl) / 2;
        return mean <= 0 ? (hc == hl ? 1 : 0) : Math.Max(0, mutual / mean);
    }

    /// <summary>
    /// The random baseline: NMI of a random assignment with the same cluster sizes (the clustering's labels shuffled over items),
    /// averaged over <paramref name="repetitions"/> seeded shuffles.
    /// </summary>
    public static double RandomNmi(ReadOnlySpan<int> clusters, IReadOnlyList<int[]> labels, int repetitions = 10, int seed = 42)
    {
        var random = new Random(seed);
        var shuffled = clusters.ToArray();
        double sum = 0;
        for (int r = 0; r < repetitions; r++)
        {
            random.Shuffle(shuffled);
            sum += Nmi(shuffled, labels);
        }
        return sum / repetitions;
    }

    private static double Entropy(IEnumerable<double> masses, double total)
    {
        double h = 0;
        foreach (var m in masses) if (m > 0) h -= m / total * Math.Log(m / total);
        return h;
    }

    /// <summary>Dense label ids for string labels (one set per item), e.g. categories or genres.</summary>
    public static int[][] Encode(IEnumerable<IEnumerable<string>> labelSets)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        return labelSets.Select(set => set.Distinct().Select(l => ids.TryGetValue(l, out var id) ? id : ids[l] = ids.Count).ToArray()).ToArray();
    }
}
