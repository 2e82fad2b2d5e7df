namespace Strata.Evaluation.Harness;

/// <summary>
/// Selection of the best k items from a score vector. Order: higher score first, ties to the lower item index, so results
/// never depend on thread scheduling. NaN scores count as −∞; excluded items are never returned.
/// </summary>
public static class TopK
{
    /// <summary>True when item a (score sa) ranks above item b (score sb).</summary>
    public static bool Ranks(float sa, int a, float sb, int b) => sa > sb || (sa == sb && a < b);

    /// <summary>Writes the best items into <paramref name="result"/> (best first); returns how many were written.</summary>
    /// <param name="scores">One score per item; NaN must already be replaced by −∞.</param>
    /// <param name="excluded">Per item, true when it must not be recommended.</param>
    public static int Select(ReadOnlySpan<float> scores, ReadOnlySpan<bool> excluded, Span<int> result)
    {
        var k = result.Length;
        int count = 0;
        for (int item = 0; item < scores.Length; item++)
        {
            if (excluded[item]) continue;
            var s = scores[item];
            if (count == k && !Ranks(s, item, scores[result[k - 1]], result[k - 1])) continue;
            // Insertion into the short sorted list: k is small (10), so this beats a heap.
            var position = count < k ? count++ : k - 1;
            while (position > 0 && Ranks(s, item, scores[result[position - 1]], result[position - 1]))
            {
                result[position] = result[position - 1];
                position--;
            }
            result[position] = item;
        }
        return count;
    }
}
