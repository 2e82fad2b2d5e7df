namespace Strata.Recommend;

/// <summary>
/// Exact top-k selection over a score vector with a bounded min-heap (O(n log k), no allocation). Items scored
/// <see cref="float.NegativeInfinity"/> or NaN are never selected, so a seen-items mask is applied by writing −∞ into
/// their scores. Ties go to the lower item index, so results are deterministic.
/// </summary>
public static class TopK
{
    /// <summary>
    /// Writes the indices of the highest scores, best first, into <paramref name="items"/>; returns how many (≤ its length).
    /// Items flagged in <paramref name="excluded"/> (e.g. the user's history; empty = none) are skipped; scores are not modified.
    /// </summary>
    public static int Select(ReadOnlySpan<float> scores, Span<int> items, ReadOnlySpan<bool> excluded = default)
    {
        int k = items.Length, size = 0;
        if (k == 0) return 0;
        bool masked = !excluded.IsEmpty;
        for (int i = 0; i < scores.Length; i++)
        {
            if (!(scores[i] > float.NegativeInfinity) || (masked && excluded[i])) continue;
            if (size < k)
            {
                items[size] = i;
                SiftUp(scores, items, size++);
            }
            else if (Better(scores, i, items[0]))
            {
                items[0] = i;
                SiftDown(scores, items, 0, size);
            }
        }
        // Heap-sort in place: repeatedly move the worst kept item to the end.
        for (int end = size - 1; end > 0; end--)
        {
            (items[0], items[end]) = (items[end], items[0]);
            SiftDown(scores, items, 0, end);
        }
        return size;
    }

    // The heap root is the worst kept item: "better" means higher score, then lower index.
    private static bool Better(ReadOnlySpan<float> scores, int a, int b) => scores[a] > scores[b] || (scores[a] == scores[b] && a < b);

    private static void SiftUp(ReadOnlySpan<float> scores, Span<int> heap, int child)
    {
        while (child > 0)
        {
            int parent = (child - 1) / 2;
            if (!Better(scores, heap[parent], heap[child])) break;
            (heap[parent], heap[child]) = (heap[child], heap[parent]);
            child = parent;
        }
    }

    private static void SiftDown(ReadOnlySpan<float> scores, Span<int> heap, int parent, int size)
    {
        while (true)
        {
            int left = 2 * parent + 1, worst = parent;
            if (left < size && Better(scores, heap[worst], heap[left])) worst = left;
            if (left + 1 < size && Better(scores, heap[worst], heap[left + 1])) worst = left + 1;
            if (worst == parent) return;
            (heap[parent], heap[worst]) = (heap[worst], heap[parent]);
            parent = worst;
        }
    }
}
