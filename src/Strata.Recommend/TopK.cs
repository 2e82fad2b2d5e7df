using System.Buffers;
using System.Numerics;

namespace Strata.Recommend;

/// <summary>
/// Exact top-k selection over a score vector with a bounded heap (O(n log k), no allocation for k ≤ 512). Items scored
/// <see cref="float.NegativeInfinity"/> or NaN are never selected, so a seen-items mask is applied by writing −∞ into
/// their scores. Ties go to the lower item index, so results are deterministic.
/// </summary>
public static class TopK
{
    private const int StackKeys = 512;

    /// <summary>
    /// Writes the indices of the highest scores, best first, into <paramref name="items"/>; returns how many (≤ its length).
    /// Items flagged in <paramref name="excluded"/> (e.g. the user's history; empty = none) are skipped; scores are not modified.
    /// </summary>
    public static int Select(ReadOnlySpan<float> scores, Span<int> items, ReadOnlySpan<bool> excluded = default)
    {
        int k = items.Length;
        if (k == 0) return 0;
        ulong[]? rented = k > StackKeys ? ArrayPool<ulong>.Shared.Rent(k) : null;
        Span<ulong> heap = rented is null ? stackalloc ulong[k] : rented.AsSpan(0, k);
        int size = Fill(scores, heap, excluded);
        // Heap-sort in place: repeatedly move the worst kept key to the end, leaving keys in ascending (best-first) order.
        for (int end = size - 1; end > 0; end--)
        {
            (heap[0], heap[end]) = (heap[end], heap[0]);
            SiftDown(heap, 0, end);
        }
        for (int r = 0; r < size; r++) items[r] = (int)(uint)heap[r];
        if (rented is not null) ArrayPool<ulong>.Shared.Return(rented);
        return size;
    }

    /// <summary>
    /// A key whose ascending unsigned order is the descending order of <paramref name="score"/> (finite or ±∞; −0 and +0 tie),
    /// and among equal scores the ascending order of <paramref name="index"/>.
    /// </summary>
    public static ulong DescendingKey(float score, int index)
    {
        var bits = BitConverter.SingleToUInt32Bits(score + 0f);
        var ascending = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        return ((ulong)~ascending << 32) | (uint)index;
    }

    /// <summary>
    /// Keeps the k best keys in a max-heap (root = worst kept). Items arrive in index order, so a later item tying the worst
    /// kept one loses the tie: once the heap is full only a strictly higher score gets in, and blocks of scores all at or
    /// below that threshold are skipped a vector at a time. Comparing packed keys keeps the heap free of indirect loads.
    /// </summary>
    private static int Fill(ReadOnlySpan<float> scores, Span<ulong> heap, ReadOnlySpan<bool> excluded)
    {
        int k = heap.Length, size = 0, i = 0;
        bool masked = !excluded.IsEmpty;
        for (; i < scores.Length && size < k; i++)
        {
            if (!(scores[i] > float.NegativeInfinity) || (masked && excluded[i])) continue;
            heap[size] = DescendingKey(scores[i], i);
            SiftUp(heap, size++);
        }
        if (size < k) return size;
        float threshold = ScoreOf(heap[0]);
        var width = Vector<float>.Count;
        var bar = new Vector<float>(threshold);
        while (i < scores.Length)
        {
            if (Vector.IsHardwareAccelerated && i + width <= scores.Length && !Vector.GreaterThanAny(new Vector<float>(scores[i..]), bar))
            {
                i += width;
                continue;
            }
            for (int end = Math.Min(scores.Length, i + width); i < end; i++)
            {
                if (!(scores[i] > threshold) || (masked && excluded[i])) continue;
                heap[0] = DescendingKey(scores[i], i);
                SiftDown(heap, 0, size);
                threshold = ScoreOf(heap[0]);
                bar = new Vector<float>(threshold);
            }
        }
        return size;
    }

    /// <summary>The score a <see cref="DescendingKey"/> was made from.</summary>
    private static float ScoreOf(ulong key)
    {
        var ascending = ~(uint)(key >> 32);
        var bits = (ascending & 0x8000_0000u) != 0 ? ascending & 0x7FFF_FFFFu : ~ascending;
        return BitConverter.UInt32BitsToSingle(bits);
    }

    private static void SiftUp(Span<ulong> heap, int child)
    {
        var key = heap[child];
        while (child > 0)
        {
            int parent = (child - 1) >> 1;
            if (heap[parent] >= key) break;
            heap[child] = heap[parent];
            child = parent;
        }
        heap[child] = key;
    }

    private static void SiftDown(Span<ulong> heap, int parent, int size)
    {
        var key = heap[parent];
        while (true)
        {
            int child = 2 * parent + 1;
            if (child >= size) break;
            if (child + 1 < size && heap[child + 1] > heap[child]) child++;
            if (heap[child] <= key) break;
            heap[parent] = heap[child];
            parent = child;
        }
        heap[parent] = key;
    }
}
