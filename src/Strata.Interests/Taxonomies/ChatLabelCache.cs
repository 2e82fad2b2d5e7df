using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Strata.Interests.Taxonomies;

/// <summary>
/// Names a chat model gave, keyed by a hash of the model and the exact prompt, kept as the artifact <see cref="ArtifactName"/>
/// in the store. A node's prompt is built from its terms, sample titles and parent, so a refit that yields the same tree
/// asks nothing again, and a changed node asks anew. Keeps the newest <see cref="MaxEntries"/> names. Persisted by the
/// engine as bytes (<see cref="FromBytes"/>, <see cref="ChangedBytes"/>); this library never reaches into a store.
/// </summary>
public sealed class ChatLabelCache
{
    /// <summary>Entries kept; older ones are dropped on save.</summary>
    public const int MaxEntries = 4096;

    private readonly Dictionary<string, string> _names;
    private readonly List<string> _order;
    private bool _changed;

    private ChatLabelCache(Dictionary<string, string> names, List<string> order)
    {
        _names = names;
        _order = order;
    }

    /// <summary>An empty cache (nothing persisted).</summary>
    public static ChatLabelCache Empty() => new([], []);

    /// <summary>The cache saved as <paramref name="data"/> (by <see cref="ChangedBytes"/>), or an empty one when null.</summary>
    public static ChatLabelCache FromBytes(byte[]? data)
    {
        if (data is null) return Empty();
        var entries = JsonSerializer.Deserialize<KeyValuePair<string, string>[]>(data) ?? [];
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (key, name) in entries)
            if (names.TryAdd(key, name)) order.Add(key);
        return new ChatLabelCache(names, order);
    }

    /// <summary>The newest <see cref="MaxEntries"/> names as bytes to save, or null when nothing was added since loading (or since the last call).</summary>
    public byte[]? ChangedBytes()
    {
        lock (_names)
        {
            if (!_changed) return null;
            var kept = _order.Skip(Math.Max(0, _order.Count - MaxEntries)).Select(k => new KeyValuePair<string, string>(k, _names[k])).ToArray();
            _changed = false;
            return JsonSerializer.SerializeToUtf8Bytes(kept);
        }
    }

    /// <summary>Number of cached names.</summary>
    public int Count => _names.Count;

    /// <summary>The cache key of <paramref name="prompt"/> sent to <paramref name="model"/>.</summary>
    public static string Key(string model, string prompt) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(model + "\n" + prompt)))[..32];

    public bool TryGet(string key, out string name)
    {
        lock (_names) return _names.TryGetValue(key, out name!);
    }

    public void Set(string key, string name)
    {
        lock (_names)
        {
            if (_names.TryGetValue(key, out var existing) && existing == name) return;
            if (_names.TryAdd(key, name)) _order.Add(key);
            else _names[key] = name;
            _changed = true;
        }
    }
}
