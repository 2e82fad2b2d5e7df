using System.Numerics.Tensors;

namespace Strata.Recommend;

/// <summary>
/// Work a model keeps for one growing history between queries — a live user's summed EASE/EDLAE rows — so the next query
/// of the same user pays only for the items added since. A server keeps one per live user and attaches it to each query
/// (<see cref="UserHistory.Memo"/>). A model reuses its part only when it made it itself (same model instance) from a
/// prefix of the query's items; anything else (a refitted model, a truncated or edited history) starts the part afresh, so
/// a memo can cost time but never change an answer: rows are added in the same order as a fresh sum, so the result is
/// bit-identical. Thread-safe: concurrent queries of the same user take turns.
/// </summary>
public sealed class HistoryMemo
{
    private readonly Lock _gate = new();
    private RowSum? _rows;

    /// <summary>
    /// Writes Σ_{j ∈ items} row j of <paramref name="rowMajor"/> (rows of <paramref name="width"/> floats) into
    /// <paramref name="scores"/>, summing in the order of <paramref name="items"/> and reusing the kept sum of its prefix.
    /// </summary>
    internal void SumRows(object owner, float[] rowMajor, int width, ReadOnlySpan<int> items, Span<float> scores)
    {
        lock (_gate)
        {
            if (_rows is not { } rows || !ReferenceEquals(rows.Owner, owner) || !rows.IsPrefixOf(items))
                _rows = rows = new RowSum(owner, width);
            for (int k = rows.Items.Count; k < items.Length; k++)
            {
                TensorPrimitives.Add(rows.Sum, rowMajor.AsSpan((int)((long)items[k] * width), width), rows.Sum);
                rows.Items.Add(items[k]);
            }
            rows.Sum.CopyTo(scores);
        }
    }

    private sealed class RowSum(object owner, int width)
    {
        public object Owner { get; } = owner;
        public float[] Sum { get; } = new float[width];
        public List<int> Items { get; } = [];

        public bool IsPrefixOf(ReadOnlySpan<int> items) =>
            Items.Count <= items.Length && items[..Items.Count].SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Items));
    }
}
