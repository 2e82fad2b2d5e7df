namespace Strata.Evaluation.Metrics;

/// <summary>Catalogue coverage: distinct items that appear in any user's list / catalogue size.</summary>
public static class CatalogCoverage
{
    public const string Name = "coverage";

    public static double Measure(IEnumerable<int[]> lists, int catalogSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(catalogSize);
        var seen = new bool[catalogSize];
        int distinct = 0;
        foreach (var list in lists)
            foreach (var item in list)
                if (!seen[item]) { seen[item] = true; distinct++; }
        return (double)distinct / catalogSize;
    }
}
