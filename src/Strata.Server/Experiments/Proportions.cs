namespace Strata.Server.Experiments;

/// <summary>
/// The statistics of an experiment's report, for rates that are proportions (successes out of trials): the Wilson score
/// interval of one rate, and the two-proportion z-test of two (pooled standard error for z, unpooled for the interval of
/// the difference, the usual pairing). 95 % throughout (z = 1.959964).
/// </summary>
internal static class Proportions
{
    public const double Z95 = 1.959963984540054;

    public const string TestName = "two-proportion z-test (pooled, two-sided); 95 % interval of the difference by the normal approximation";

    /// <summary>The Wilson score interval of <paramref name="successes"/>/<paramref name="trials"/> (0..1 with no trials).</summary>
    public static (double Rate, double Low, double High) Wilson(long successes, long trials)
    {
        if (trials == 0) return (0, 0, 1);
        double n = trials, p = successes / n, z2 = Z95 * Z95;
        var centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        var half = Z95 / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (p, Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// B's rate minus A's with its 95 % interval, the pooled z statistic and its two-sided p-value. With no trials on a side,
    /// or no variation at all, z is 0 and p is 1.
    /// </summary>
    public static (double Difference, double Low, double High, double Z, double P) Compare(long successesA, long trialsA, long successesB, long trialsB)
    {
        if (trialsA == 0 || trialsB == 0) return (0, -1, 1, 0, 1);
        double pa = (double)successesA / trialsA, pb = (double)successesB / trialsB, difference = pb - pa;
        var unpooled = Math.Sqrt(pa * (1 - pa) / trialsA + pb * (1 - pb) / trialsB);
        var pooledRate = (double)(successesA + successesB) / (trialsA + trialsB);
        var pooled = Math.Sqrt(pooledRate * (1 - pooledRate) * (1.0 / trialsA + 1.0 / trialsB));
        var z = pooled > 0 ? difference / pooled : 0;
        return (difference, difference - Z95 * unpooled, difference + Z95 * unpooled, z, 2 * NormalUpperTail(Math.Abs(z)));
    }

    /// <summary>P(Z &gt; z) for a standard normal Z: erfc(z/√2)/2.</summary>
    public static double NormalUpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>The complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7 everywhere).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
