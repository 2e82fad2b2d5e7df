namespace Strata.Evaluation.Splits;

/// <summary>Picks an exact share of ids by the lowest <see cref="SeededHash"/> values: reproducible from the ids and the seed alone.</summary>
public static class HashSample
{
    /// <returns>Per position in <paramref name="ids"/>, true for the round(<paramref name="fraction"/> · count) ids with the lowest hash.</returns>
    public static bool[] Lowest(IReadOnlyList<string> ids, double fraction, int seed, string salt, Func<int, bool>? eligible = null)
    {
        var keyed = new List<(double Key, int Index)>(ids.Count);
        for (int i = 0; i < ids.Count; i++)
            if (eligible is null || eligible(i)) keyed.Add((SeededHash.Unit(seed, salt, ids[i]), i));
        keyed.Sort();
        var take = (int)Math.Round(fraction * keyed.Count, MidpointRounding.AwayFromZero);
        var chosen = new bool[ids.Count];
        for (int i = 0; i < take; i++) chosen[keyed[i].Index] = true;
        return chosen;
    }
}
