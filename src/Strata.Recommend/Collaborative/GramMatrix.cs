namespace Strata.Recommend.Collaborative;

/// <summary>G = XᵀX of the binary interaction matrix as a dense row-major <c>double</c> array (item × item co-occurrence counts).</summary>
public static class GramMatrix
{
    public static double[] Build(InteractionMatrix matrix, CancellationToken cancellationToken = default)
    {
        int n = matrix.ItemCount;
        var gram = new double[(long)n * n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, () => new int[n], (i, _, counts) =>
        {
            matrix.CooccurrenceRow(i, counts);
            var row = gram.AsSpan((int)((long)i * n), n);
            for (int j = 0; j < n; j++) { row[j] = counts[j]; counts[j] = 0; }
            return counts;
        }, _ => { });
        return gram;
    }
}
