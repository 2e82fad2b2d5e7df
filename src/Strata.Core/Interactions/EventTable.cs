using Strata.Core.Domain;
using Strata.Core.Ids;

namespace Strata.Core.Interactions;

/// <summary>
/// The event log as contiguous columns over dense indices: the one currency every model fits on.
/// Row r is one event: user <see cref="UserIndex"/>[r], item <see cref="ItemIndex"/>[r] (-1 for searches),
/// <see cref="Types"/>[r], <see cref="Values"/>[r] (NaN when absent) and <see cref="Seconds"/>[r] (unix seconds).
/// Rows keep the log's order (append order), which is time order per user for every dataset Strata reads.
/// </summary>
public sealed class EventTable
{
    public EventTable(IdMap users, IdMap items, int[] userIndex, int[] itemIndex, EventType[] types, float[] values, long[] seconds, int count)
    {
        if (userIndex.Length < count || itemIndex.Length < count || types.Length < count || values.Length < count || seconds.Length < count)
            throw new ArgumentException("Every column must hold at least count rows.");
        Users = users; Items = items; UserIndex = userIndex; ItemIndex = itemIndex; Types = types; Values = values; Seconds = seconds; Count = count;
    }

    public IdMap Users { get; }
    public IdMap Items { get; }
    public int[] UserIndex { get; }
    public int[] ItemIndex { get; }
    public EventType[] Types { get; }
    public float[] Values { get; }
    public long[] Seconds { get; }

    /// <summary>Number of rows (columns may be longer; only the first Count entries are valid).</summary>
    public int Count { get; }

    /// <summary>Row indices grouped by user: rows of user u are <c>Rows[Offsets[u]..Offsets[u+1]]</c>, in log order.</summary>
    public (int[] Offsets, int[] Rows) RowsByUser()
    {
        var offsets = new int[Users.Count + 1];
        for (int r = 0; r < Count; r++) offsets[UserIndex[r] + 1]++;
        for (int u = 0; u < Users.Count; u++) offsets[u + 1] += offsets[u];
        var cursor = offsets.AsSpan(0, Users.Count).ToArray();
        var rows = new int[Count];
        for (int r = 0; r < Count; r++) rows[cursor[UserIndex[r]]++] = r;
        return (offsets, rows);
    }

    /// <summary>Appends events row by row; ids are mapped as they come.</summary>
    public sealed class Builder(IdMap? users = null, IdMap? items = null)
    {
        private readonly IdMap _users = users ?? new IdMap();
        private readonly IdMap _items = items ?? new IdMap();
        private int[] _user = new int[1024];
        private int[] _item = new int[1024];
        private EventType[] _type = new EventType[1024];
        private float[] _value = new float[1024];
        private long[] _seconds = new long[1024];
        private int _count;

        public IdMap Users => _users;
        public IdMap Items => _items;
        public int Count => _count;

        public Builder Add(Event e) => Add(e.UserId, e.ItemId, e.Type, e.Value, e.Timestamp.ToUnixTimeSeconds());

        public Builder Add(string userId, string? itemId, EventType type, double? value, long seconds)
        {
            if (_count == _user.Length) Grow();
            _user[_count] = _users.GetOrAdd(userId);
            _item[_count] = itemId is null ? -1 : _items.GetOrAdd(itemId);
            _type[_count] = type;
            _value[_count] = value is { } v ? (float)v : float.NaN;
            _seconds[_count] = seconds;
            _count++;
            return this;
        }

        public EventTable Build() => new(_users, _items, _user, _item, _type, _value, _seconds, _count);

        private void Grow()
        {
            var size = _user.Length * 2;
            Array.Resize(ref _user, size);
            Array.Resize(ref _item, size);
            Array.Resize(ref _type, size);
            Array.Resize(ref _value, size);
            Array.Resize(ref _seconds, size);
        }
    }
}
