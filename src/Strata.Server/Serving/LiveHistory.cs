using Strata.Core.Domain;
using Strata.Recommend;

namespace Strata.Server.Serving;

/// <summary>A user's events over item indices, appended as they commit; <see cref="ToHistory"/> copies it for a request.</summary>
internal sealed class LiveHistory
{
    private readonly List<int> _items = [];
    private readonly List<EventType> _types = [];
    private readonly List<float> _values = [];
    private readonly List<long> _seconds = [];

    public int Count => _items.Count;

    public IReadOnlyList<int> Items => _items;

    public IReadOnlyList<EventType> Types => _types;

    public IReadOnlyList<float> Values => _values;

    public IReadOnlyList<long> Seconds => _seconds;

    public void Add(int item, EventType type, float value, long seconds)
    {
        _items.Add(item);
        _types.Add(type);
        _values.Add(value);
        _seconds.Add(seconds);
    }

    public static LiveHistory From(UserHistory history)
    {
        var live = new LiveHistory();
        live._items.AddRange(history.Items);
        live._types.AddRange(history.Types);
        live._values.AddRange(history.Values);
        live._seconds.AddRange(history.Seconds);
        return live;
    }

    /// <summary>A copy as an unknown user's query (never answered from per-user training state), with the user's memo if any.</summary>
    public UserHistory ToHistory(HistoryMemo? memo = null) => new(-1, [.. _items], [.. _types], [.. _values], [.. _seconds]) { Memo = memo };
}
