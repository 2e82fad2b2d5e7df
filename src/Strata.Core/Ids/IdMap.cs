using System.Runtime.InteropServices;

namespace Strata.Core.Ids;

/// <summary>
/// Maps external string ids to dense indices 0..Count-1 and back (LensKit's Vocabulary).
/// Indices are assigned in first-seen order and never change. Not thread-safe for writers.
/// </summary>
public sealed class IdMap
{
    private readonly Dictionary<string, int> _indexOf;
    private readonly List<string> _ids;

    public IdMap() : this(0) { }

    public IdMap(int capacity)
    {
        _indexOf = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _ids = new List<string>(capacity);
    }

    /// <summary>Builds a map whose index i is <paramref name="ids"/>[i]. Duplicates are rejected.</summary>
    public static IdMap From(IEnumerable<string> ids)
    {
        var map = new IdMap();
        foreach (var id in ids)
        {
            if (map.Contains(id)) throw new ArgumentException($"Duplicate id '{id}'.", nameof(ids));
            map.GetOrAdd(id);
        }
        return map;
    }

    /// <summary>Number of ids mapped.</summary>
    public int Count => _ids.Count;

    /// <summary>All ids, position = index.</summary>
    public IReadOnlyList<string> Ids => _ids;

    /// <summary>The external id at a dense index.</summary>
    public string this[int index] => _ids[index];

    /// <summary>The index of an id, adding it if new.</summary>
    public int GetOrAdd(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_indexOf, id, out var exists);
        if (!exists)
        {
            slot = _ids.Count;
            _ids.Add(id);
        }
        return slot;
    }

    /// <summary>The index of a known id.</summary>
    public bool TryGetIndex(string id, out int index) => _indexOf.TryGetValue(id, out index);

    /// <summary>The index of a known id, or -1.</summary>
    public int IndexOf(string id) => _indexOf.TryGetValue(id, out var index) ? index : -1;

    public bool Contains(string id) => _indexOf.ContainsKey(id);
}
