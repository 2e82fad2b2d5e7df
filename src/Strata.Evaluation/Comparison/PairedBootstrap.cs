namespace Strata.Evaluation.Comparison;

/// <summary>
/// Percentile confidence interval of the mean paired difference B − A of a per-user metric, by resampling users with
/// replacement (Efron's bootstrap over the test users, as Sakai recommends for IR/recommender comparisons): both
/// configurations were measured on the same users, so each resample keeps a user's two values together. Seeded, so
/// the same inputs and seed give the same interval on every machine.
/// </summary>
public static class PairedBootstrap
{
    public const int DefaultResamples = 2000;

    /// <param name="a">Per-user values of configuration A.</param>
    /// <param name="b">Per-user values of configuration B, same users in the same order.</param>
    /// <param name="resamples">Bootstrap samples.</param>
    /// <param name="seed">Seed of the resampling; every metric compared with the same seed draws the same users.</param>
    /// <param name="confidence">Coverage of the two-sided interval, e.g. 0.95.</param>
    /// <returns>The observed mean difference B − A and its interval. Users whose value is NaN in either are left out.</returns>
    public static PairedDifference Compare(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int resamples = DefaultResamples, int seed = 42, double confidence = 0.95)
    {
        if (a.Length != b.Length) throw new ArgumentException($"paired samples differ in length ({a.Length} and {b.Length})");
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (confidence is not (> 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must lie in (0, 1)");
        var differences = new List<double>(a.Length);
        for (int u = 0; u < a.Length; u++)
            if (!double.IsNaN(a[u]) && !double.IsNaN(b[u])) differences.Add(b[u] - a[u]);
        var n = differences.Count;
        if (n == 0) return new PairedDifference(double.NaN, double.NaN, double.NaN, 0);
        var d = differences.ToArray();
        var observed = Mean(d);
        var random = new Random(seed);
        var means = new double[resamples];
        for (int s = 0; s < resamples; s++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += d[random.Next(n)];
            means[s] = sum / n;
        }
        Array.Sort(means);
        var tail = (1 - confidence) / 2;
        return new PairedDifference(observed, Quantile(means, tail), Quantile(means, 1 - tail), n);
    }

    private static double Mean(double[] values)
    {
        double sum = 0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }

    /// <summary>Linear interpolation between order statistics (type 7, R's and NumPy's default) of ascending values.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}

/// <summary>The mean paired difference B − A over <paramref name="Users"/> users and its bootstrap interval [Low, High].</summary>
public sealed record PairedDifference(double Difference, double Low, double High, int Users)
{
    /// <summary>True when the interval lies entirely on one side of zero.</summary>
    public bool ExcludesZero => Low > 0 || High < 0;
}
