namespace Strata.Evaluation.Metrics;

/// <summary>
/// Paired bootstrap over users of the difference between two models' mean per-user metric (Efron & Tibshirani 1993;
/// the test Sakai 2006 recommends for IR metrics): resample the users with replacement, take the mean difference of each
/// resample, and report the 2.5th and 97.5th percentiles. Paired, because both models answered the same users: the
/// users' own difficulty cancels out. Deterministic for a seed.
/// </summary>
public static class PairedBootstrap
{
    /// <summary>The observed mean difference (<paramref name="variant"/> − <paramref name="baseline"/>) and its 95 % percentile interval.</summary>
    /// <param name="baseline">Per-user values of the reference model.</param>
    /// <param name="variant">Per-user values of the compared model, same users in the same order.</param>
    /// <exception cref="ArgumentException">The two arrays are of different lengths.</exception>
    public static BootstrapInterval MeanDifference(ReadOnlySpan<double> baseline, ReadOnlySpan<double> variant, int resamples = 1000, int seed = 42)
    {
        if (baseline.Length != variant.Length)
            throw new ArgumentException($"Paired values need the same users: {baseline.Length} baseline values, {variant.Length} variant values.", nameof(variant));
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        int n = baseline.Length;
        if (n == 0) return new BootstrapInterval(double.NaN, double.NaN, double.NaN, 0, resamples);
        var differences = new double[n];
        for (int u = 0; u < n; u++) differences[u] = variant[u] - baseline[u];
        var observed = differences.Average();
        var means = new double[resamples];
        var random = new Random(seed);
        for (int r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++) sum += differences[random.Next(n)];
            means[r] = sum / n;
        }
        Array.Sort(means);
        return new BootstrapInterval(observed, Percentile(means, 0.025), Percentile(means, 0.975), n, resamples);
    }

    /// <summary>Linear interpolation between the closest ranks of ascending <paramref name="sorted"/>.</summary>
    private static double Percentile(double[] sorted, double quantile)
    {
        var position = quantile * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + (position - low) * (sorted[high] - sorted[low]);
    }
}

/// <summary>A mean difference with its bootstrap 95 % interval, over <paramref name="Users"/> paired users and <paramref name="Resamples"/> resamples.</summary>
public sealed record BootstrapInterval(double Mean, double Low, double High, int Users, int Resamples)
{
    /// <summary>True when the interval excludes zero (the difference is larger than the users' sampling noise).</summary>
    public bool ExcludesZero => Low > 0 || High < 0;
}
