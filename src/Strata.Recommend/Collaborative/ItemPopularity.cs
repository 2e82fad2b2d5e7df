namespace Strata.Recommend.Collaborative;

/// <summary>Per-item statistics of the training matrix: distinct users per item and its log-scaled form.</summary>
public static class ItemPopularity
{
    /// <summary>Distinct users per item.</summary>
    public static float[] Counts(InteractionMatrix matrix)
    {
        var counts = new float[matrix.ItemCount];
        for (int i = 0; i < counts.Length; i++) counts[i] = matrix.ItemDegree(i);
        return counts;
    }
}
