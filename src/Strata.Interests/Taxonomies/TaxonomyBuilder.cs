using System.Numerics.Tensors;
using Strata.Core.Domain;
using Microsoft.Extensions.AI;
using Strata.Core.Ids;

namespace Strata.Interests.Taxonomies;

/// <summary>
/// Builds the interest tree from item vectors: spherical k-means (k-means++ seeding, fixed seed) for macro nodes, then again
/// inside each macro for its meso nodes; each k is chosen by the mean silhouette (cosine distance) within the configured bounds.
/// Items' category paths may be blended into the clustering space (<see cref="CategoryUse.Blend"/>); centroids are always taken in
/// the text space so new items can be placed from text alone. Nodes are labelled by class-based TF-IDF.
/// </summary>
public static class TaxonomyBuilder
{
    // Fine clusters are merged afterwards, so near-convergence is enough; later Lloyd iterations barely move them.
    private const int FineIterations = 15;

    /// <summary>Builds the tree. <paramref name="itemVectors"/> is row-major, one unit row per item of <paramref name="items"/>.</summary>
    public static Taxonomy Build(float[] itemVectors, int dimensions, IReadOnlyList<Item> items, TaxonomyOptions? options = null)
    {
        options ??= new TaxonomyOptions();
        if (items.Count == 0) throw new ArgumentException("The catalogue is empty.", nameof(items));
        if (itemVectors.Length != items.Count * dimensions)
            throw new ArgumentException($"Expected {items.Count} × {dimensions} floats, got {itemVectors.Length}.", nameof(itemVectors));
        var n = items.Count;
        var space = options.Categories == CategoryUse.Blend ? BlendCategories(itemVectors, dimensions, items, options.CategoryBlend) : itemVectors;

        // Macro level over all items.
        var macroMax = Math.Clamp(Math.Min(options.MaxMacroNodes, n / Math.Max(1, 2 * options.MinMesoSize)), 1, n);
        var macroMin = Math.Min(options.MinMacroNodes, macroMax);
        if (options.MacroNodes is { } fixedMacro) macroMin = macroMax = Math.Clamp(fixedMacro, 1, n);
        var allRows = Enumerable.Range(0, n).ToArray();
        var fine = Math.Min(options.MaxFineClusters, Math.Max(2 * macroMax, (int)Math.Round(1.2 * Math.Sqrt(n))));
        var (macroOf, macroCount) = options.MacroMethod == MacroClustering.Agglomerative && options.MacroNodes is null && fine < n / 2
            ? Agglomerate(space, dimensions, fine, macroMin, macroMax, options)
            : ClusterChoosingK(space, dimensions, allRows, macroMin, macroMax, options, options.Seed);

        // Meso level inside each macro.
        var members = Group(macroOf, macroCount);
        var mesoOfItem = new int[n];
        var mesoCounts = new int[macroCount];
        var mesoResults = new (int[] Assignment, int K)[macroCount];
        Parallel.For(0, macroCount, m =>
        {
            var rows = members[m];
            var kMax = Math.Min(options.MaxMesoPerMacro, rows.Length / Math.Max(1, options.MinMesoSize));
            mesoResults[m] = kMax < 2
                ? (new int[rows.Length], 1)
                : ClusterChoosingK(space, dimensions, rows, Math.Min(options.MinMesoPerMacro, kMax), kMax, options, unchecked(options.Seed * 7919 + m + 1));
        });

        // Order macros by size (largest first) and mesos likewise within their macro, so ids read naturally.
        var macroOrder = Enumerable.Range(0, macroCount).OrderByDescending(m => members[m].Length).ThenBy(m => m).ToArray();
        var nodes = new List<(InterestLevel Level, int Parent, int[] Rows)>();
        foreach (var m in macroOrder) nodes.Add((InterestLevel.Macro, -1, members[m]));
        for (int newMacro = 0; newMacro < macroCount; newMacro++)
        {
            var m = macroOrder[newMacro];
            var (assignment, k) = mesoResults[m];
            var groups = Group(assignment, k);
            foreach (var g in Enumerable.Range(0, k).Where(g => groups[g].Length > 0).OrderByDescending(g => groups[g].Length).ThenBy(g => g))
            {
                var rows = Array.ConvertAll(groups[g], local => members[m][local]);
                var id = nodes.Count;
                nodes.Add((InterestLevel.Meso, newMacro, rows));
                foreach (var r in rows) mesoOfItem[r] = id;
            }
        }

        // Labels: macros against macros, mesos against all mesos; evidence lift is always against the whole catalogue.
        var vocabulary = NodeLabeler.Read(items);
        var macroClass = new int[n];
        var mesoClass = new int[n];
        for (int i = 0; i < n; i++)
        {
            mesoClass[i] = mesoOfItem[i] - macroCount;
            macroClass[i] = nodes[mesoOfItem[i]].Parent;
        }
        var mesoCount = nodes.Count - macroCount;
        var catalogue = new int[n];
        var macroEvidence = NodeLabeler.Overrepresented(vocabulary.ItemValues, vocabulary.Values, macroClass, macroCount, catalogue, 1, options.MinEvidenceShare, options.MinEvidenceLift, options.TermsPerNode);
        // A theme no single value covers (classic films spread over four decades) still reads better by its commonest values than by title words.
        var macroWeakEvidence = NodeLabeler.Overrepresented(vocabulary.ItemValues, vocabulary.Values, macroClass, macroCount, catalogue, 1, options.MinEvidenceShare / 2, options.MinEvidenceLift, options.LabelTerms);
        var mesoEvidence = NodeLabeler.Overrepresented(vocabulary.ItemValues, vocabulary.Values, mesoClass, mesoCount, catalogue, 1, options.MinEvidenceShare, options.MinEvidenceLift, options.TermsPerNode);
        var mesoAgainstParent = NodeLabeler.Overrepresented(vocabulary.ItemValues, vocabulary.Values, mesoClass, mesoCount, macroClass, macroCount, options.MinEvidenceShare, options.MinEvidenceLift, options.TermsPerNode);
        var macroWords = NodeLabeler.Distinctive(vocabulary.ItemWords, vocabulary.Words, macroClass, macroCount, options.TermsPerNode);
        var mesoWords = NodeLabeler.Distinctive(vocabulary.ItemWords, vocabulary.Words, mesoClass, mesoCount, options.TermsPerNode);
        var macroLabels = NodeLabeler.Compose([macroEvidence, macroWeakEvidence, macroWords], options.LabelTerms, options.MinLabelShare, "theme");
        var mesoLabels = NodeLabeler.Compose([mesoAgainstParent, mesoEvidence, mesoWords], options.LabelTerms, options.MinLabelShare, "topic");
        var interestNodes = new InterestNode[nodes.Count];
        for (int id = 0; id < nodes.Count; id++)
        {
            var (level, parent, rows) = nodes[id];
            var macro = level == InterestLevel.Macro;
            var c = macro ? id : id - macroCount;
            // Terms: the evidence values, then the distinctive words (what the label and a chat namer draw on).
            var terms = (macro ? macroEvidence[c].Concat(macroWeakEvidence[c]) : mesoAgainstParent[c].Concat(mesoEvidence[c])).Concat(macro ? macroWords[c] : mesoWords[c])
                .Select(t => t.Text).Distinct(StringComparer.OrdinalIgnoreCase).Take(options.TermsPerNode).ToArray();
            interestNodes[id] = new InterestNode(id, level, parent, macro ? macroLabels[c] : mesoLabels[c], terms, rows.Length,
                SphericalKMeans.Centroid(itemVectors, dimensions, rows));
        }
        return new Taxonomy(dimensions, interestNodes, IdMap.From(items.Select(i => i.Id)), mesoOfItem);
    }

    /// <summary><see cref="Build"/>, then (when <see cref="TaxonomyOptions.Namer"/> is set) names the nodes with the chat model, without a name cache.</summary>
    public static async Task<Taxonomy> BuildAsync(float[] itemVectors, int dimensions, IReadOnlyList<Item> items, TaxonomyOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TaxonomyOptions();
        var taxonomy = Build(itemVectors, dimensions, items, options);
        return options.Namer is null ? taxonomy : (await TaxonomyNamer.NameAsync(taxonomy, items, options.Namer, cancellationToken: cancellationToken).ConfigureAwait(false)).Taxonomy;
    }

    /// <summary>
    /// <see cref="Build"/>, then names the nodes with <paramref name="chat"/>, reusing and extending the names in
    /// <paramref name="cache"/>; nodes the model did not name keep their offline labels.
    /// </summary>
    public static Task<TaxonomyNaming> BuildNamedAsync(float[] itemVectors, int dimensions, IReadOnlyList<Item> items, TaxonomyOptions options,
        IChatClient chat, ChatLabelCache cache, CancellationToken cancellationToken = default) =>
        TaxonomyNamer.NameAsync(Build(itemVectors, dimensions, items, options), items, chat, cache, cancellationToken: cancellationToken);

    private static int[][] Group(ReadOnlySpan<int> assignment, int k)
    {
        var lists = new List<int>[k];
        for (int c = 0; c < k; c++) lists[c] = [];
        for (int i = 0; i < assignment.Length; i++) lists[assignment[i]].Add(i);
        return Array.ConvertAll(lists, l => l.ToArray());
    }

    /// <summary>
    /// Chooses k in [kMin, kMax] by the mean silhouette of k-means on a fixed random sample (so choosing costs the same for any
    /// catalogue size), then clusters all rows with that k, keeping the best of <see cref="TaxonomyOptions.Restarts"/> seeded runs
    /// by k-means objective. Returns the assignment of each row (positions follow <paramref name="rows"/>).
    /// </summary>
    private static (int[] Assignment, int K) ClusterChoosingK(float[] space, int dimensions, int[] rows, int kMin, int kMax, TaxonomyOptions options, int seed)
    {
        var k = kMin == kMax ? kMin : ChooseK(space, dimensions, rows, kMin, kMax, options, seed);
        var miniBatch = rows.Length >= options.MiniBatchAbove;
        // Lloyd's iterations want the rows contiguous; mini-batch reads them in place, so a large subset is never copied.
        float[]? points = null;
        if (!miniBatch)
        {
            points = new float[rows.Length * dimensions];
            for (int i = 0; i < rows.Length; i++) space.AsSpan(rows[i] * dimensions, dimensions).CopyTo(points.AsSpan(i * dimensions));
        }
        int[] best = [];
        var bestObjective = double.NegativeInfinity;
        for (int restart = 0; restart < Math.Max(1, options.Restarts); restart++)
        {
            var runSeed = unchecked(seed * 31 + k + 7_919 * restart);
            var (assignment, _, objective) = miniBatch
                ? SphericalKMeans.RunMiniBatch(space, dimensions, rows, k, runSeed, options.MiniBatchSize, options.MiniBatchIterations)
                : SphericalKMeans.Run(points, dimensions, k, runSeed, options.MaxIterations);
            if (objective > bestObjective) { bestObjective = objective; best = assignment; }
        }
        return (best, k);
    }

    /// <summary>
    /// Macro nodes by merging <paramref name="fine"/> k-means clusters with average linkage (mean cosine between their items,
    /// exact via cluster vector sums: <c>⟨S_a, S_b⟩ / (|a|·|b|)</c>), then cutting the merge tree at the k in [kMin, kMax] of
    /// highest silhouette on a fixed sample, among cuts whose largest node holds at most <see cref="TaxonomyOptions.MaxMacroShare"/> of
    /// the items (average linkage can chain most of a catalogue into one node; such a theme explains nothing). With no admissible cut
    /// the macro level falls back to k-means.
    /// </summary>
    private static (int[] Assignment, int K) Agglomerate(float[] points, int dimensions, int fine, int kMin, int kMax, TaxonomyOptions options)
    {
        var n = points.Length / dimensions;
        // One run suffices: fine clusters only need to be small and tight, the merge decides the shape.
        var fineOf = n >= options.MiniBatchAbove
            ? SphericalKMeans.RunMiniBatch(points, dimensions, null, fine, options.Seed, options.MiniBatchSize, options.MiniBatchIterations).Assignment
            : SphericalKMeans.Run(points, dimensions, fine, options.Seed, Math.Min(options.MaxIterations, FineIterations)).Assignment;
        var sums = new double[fine * dimensions];
        var size = new long[fine];
        for (int i = 0; i < n; i++)
        {
            size[fineOf[i]]++;
            var row = points.AsSpan(i * dimensions, dimensions);
            for (int d = 0; d < dimensions; d++) sums[fineOf[i] * dimensions + d] += row[d];
        }
        var inner = new double[fine * fine];
        for (int a = 0; a < fine; a++)
            for (int b = a; b < fine; b++)
            {
                double dot = 0;
                for (int d = 0; d < dimensions; d++) dot += sums[a * dimensions + d] * sums[b * dimensions + d];
                inner[a * fine + b] = inner[b * fine + a] = dot;
            }
        var active = Enumerable.Repeat(true, fine).ToArray();
        var group = Enumerable.Range(0, fine).ToArray();
        var cuts = new Dictionary<int, int[]>();
        for (int count = fine; count >= kMin; count--)
        {
            if (count <= kMax && LargestShare(size, active, n) <= options.MaxMacroShare) cuts[count] = Dense(group, fineOf);
            if (count == kMin) break;
            double best = double.NegativeInfinity;
            int keep = -1, drop = -1;
            for (int a = 0; a < fine; a++)
            {
                if (!active[a] || size[a] == 0) continue;
                for (int b = a + 1; b < fine; b++)
                {
                    if (!active[b] || size[b] == 0) continue;
                    var linkage = inner[a * fine + b] / ((double)size[a] * size[b]);
                    if (linkage > best) { best = linkage; keep = a; drop = b; }
                }
            }
            if (keep < 0) break;
            for (int x = 0; x < fine; x++)
            {
                inner[keep * fine + x] += inner[drop * fine + x];
                inner[x * fine + keep] = inner[keep * fine + x];
            }
            size[keep] += size[drop];
            active[drop] = false;
            for (int c = 0; c < fine; c++) if (group[c] == drop) group[c] = keep;
        }
        if (cuts.Count == 0) return ClusterChoosingK(points, dimensions, Enumerable.Range(0, n).ToArray(), kMin, kMax, options, options.Seed);

        var (sample, gram) = SampleGram(points, dimensions, Math.Min(n, options.SilhouetteSample), options.Seed);
        (int[] Assignment, int K) chosen = default;
        var bestScore = double.NegativeInfinity;
        foreach (var (k, assignment) in cuts.OrderBy(c => c.Key))
        {
            var labels = Array.ConvertAll(sample, i => assignment[i]);
            var score = SphericalKMeans.Silhouette(gram, sample.Length, labels, k);
            if (score > bestScore) { bestScore = score; chosen = (assignment, k); }
        }
        return chosen;
    }

    private static double LargestShare(long[] size, bool[] active, int n)
    {
        long largest = 0;
        for (int c = 0; c < size.Length; c++) if (active[c]) largest = Math.Max(largest, size[c]);
        return (double)largest / n;
    }

    /// <summary>Item → dense macro index for the current merge state.</summary>
    private static int[] Dense(int[] group, int[] fineOf)
    {
        var ids = new Dictionary<int, int>();
        foreach (var g in group) if (!ids.ContainsKey(g)) ids[g] = ids.Count;
        return Array.ConvertAll(fineOf, f => ids[group[f]]);
    }

    /// <summary>A fixed random sample of rows and its Gram matrix (cosines), for silhouettes.</summary>
    private static (int[] Sample, float[] Gram) SampleGram(float[] points, int dimensions, int s, int seed)
    {
        var order = Enumerable.Range(0, points.Length / dimensions).ToArray();
        new Random(seed).Shuffle(order);
        var sample = order[..s];
        var rows = new float[s * dimensions];
        for (int i = 0; i < s; i++) points.AsSpan(sample[i] * dimensions, dimensions).CopyTo(rows.AsSpan(i * dimensions));
        var gram = new float[s * s];
        for (int i = 0; i < s; i++) Core.Vectors.VectorMath.DotAll(rows, dimensions, rows.AsSpan(i * dimensions, dimensions), gram.AsSpan(i * s, s));
        return (sample, gram);
    }

    private static int ChooseK(float[] space, int dimensions, int[] rows, int kMin, int kMax, TaxonomyOptions options, int seed)
    {
        var n = rows.Length;
        var order = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(order);
        var s = Math.Min(n, options.SilhouetteSample);
        var sample = new float[s * dimensions];
        for (int i = 0; i < s; i++) space.AsSpan(rows[order[i]] * dimensions, dimensions).CopyTo(sample.AsSpan(i * dimensions));
        kMax = Math.Min(kMax, s);
        if (kMin >= kMax) return kMax;
        var gram = new float[s * s];
        for (int i = 0; i < s; i++)
            Core.Vectors.VectorMath.DotAll(sample, dimensions, sample.AsSpan(i * dimensions, dimensions), gram.AsSpan(i * s, s));
        // Every KStep-th k (and kMax): silhouette changes slowly with k, and each candidate costs a k-means run.
        var ks = new List<int>();
        for (int k = kMin; k < kMax; k += Math.Max(1, options.KStep)) ks.Add(k);
        ks.Add(kMax);
        var scores = new double[ks.Count];
        Parallel.For(0, ks.Count, c =>
        {
            var assignment = SphericalKMeans.Run(sample, dimensions, ks[c], unchecked(seed * 31 + ks[c]), options.MaxIterations).Assignment;
            scores[c] = SphericalKMeans.Silhouette(gram, s, assignment, ks[c]);
        });
        var best = 0;
        for (int c = 1; c < ks.Count; c++) if (scores[c] > scores[best]) best = c;
        return ks[best];
    }

    /// <summary>
    /// Pulls each item toward the mean text vector of its categories: <c>normalise((1 − β)·e_i + β·mean_cat(i))</c>. For a path the
    /// broadest category is used (the macro level is what it should shape); flat labels (genres) average their labels' means.
    /// </summary>
    private static float[] BlendCategories(float[] vectors, int dimensions, IReadOnlyList<Item> items, float beta)
    {
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        var itemKeys = new int[items.Count][];
        for (int i = 0; i < items.Count; i++)
        {
            var categories = items[i].CategoriesAreFlat ? items[i].Categories : items[i].Categories.Take(1).ToList();
            itemKeys[i] = categories.Select(c => keys.TryGetValue(c, out var k) ? k : keys[c] = keys.Count).ToArray();
        }
        var sums = new float[keys.Count * dimensions];
        for (int i = 0; i < items.Count; i++)
            foreach (var k in itemKeys[i])
                TensorPrimitives.Add(sums.AsSpan(k * dimensions, dimensions), vectors.AsSpan(i * dimensions, dimensions), sums.AsSpan(k * dimensions, dimensions));
        for (int k = 0; k < keys.Count; k++) Core.Vectors.VectorMath.Normalize(sums.AsSpan(k * dimensions, dimensions));
        var blended = new float[vectors.Length];
        var mean = new float[dimensions];
        for (int i = 0; i < items.Count; i++)
        {
            var row = blended.AsSpan(i * dimensions, dimensions);
            var source = vectors.AsSpan(i * dimensions, dimensions);
            if (itemKeys[i].Length == 0) { source.CopyTo(row); continue; }
            Array.Clear(mean);
            foreach (var k in itemKeys[i]) TensorPrimitives.Add(mean, sums.AsSpan(k * dimensions, dimensions), mean);
            Core.Vectors.VectorMath.Normalize(mean);
            TensorPrimitives.Multiply(source, 1f - beta, row);
            TensorPrimitives.MultiplyAdd(mean, beta, row, row);
            Core.Vectors.VectorMath.Normalize(row);
        }
        return blended;
    }
}
