namespace Strata.Evaluation.Splits;

/// <summary>
/// A stable, seeded hash of external ids to [0, 1): membership in a held-out group depends only on the id and the seed,
/// never on file order or on .NET's per-process randomised string hashing. FNV-1a over UTF-16 code units, then SplitMix64.
/// </summary>
public static class SeededHash
{
    public static double Unit(int seed, string id, string? secondId = null)
    {
        ulong h = 14695981039346656037UL ^ (ulong)(uint)seed;
        h = Mix(h, id);
        if (secondId is not null) h = Mix(h * 1099511628211UL ^ 0x1F, secondId);
        h += 0x9E3779B97F4A7C15UL;
        h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ (h >> 27)) * 0x94D049BB133111EBUL;
        h ^= h >> 31;
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    private static ulong Mix(ulong h, string text)
    {
        foreach (var c in text)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }
}
