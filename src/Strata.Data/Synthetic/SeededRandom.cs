namespace Strata.Data.Synthetic;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood 2014): a tiny generator whose output depends only on its seed, the same in every
/// process and runtime (unlike <see cref="HashCode"/>). <see cref="Mix"/> derives independent streams from plain integers,
/// so any item or user can be generated on its own, in any order.
/// </summary>
public struct SeededRandom(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A stream seed from a few integers (e.g. seed, stream kind, index): each step is a full SplitMix64 round.</summary>
    public static ulong Mix(long a, long b, long c = 0)
    {
        var x = Finalise((ulong)a + 0x9E3779B97F4A7C15UL);
        x = Finalise(x ^ ((ulong)b + 0xBF58476D1CE4E5B9UL));
        return Finalise(x ^ ((ulong)c + 0x94D049BB133111EBUL));
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Finalise(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="count"/>) (Lemire's multiply-shift; the bias is below 2⁻³² for any int count).</summary>
    public int Next(int count) => (int)((NextUInt64() >> 32) * (ulong)count >> 32);

    /// <summary>Standard normal by Box–Muller.</summary>
    public double NextGaussian() => Math.Sqrt(-2 * Math.Log(1 - NextDouble())) * Math.Cos(2 * Math.PI * NextDouble());

    private static ulong Finalise(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
