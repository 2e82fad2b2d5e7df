using Microsoft.Extensions.Caching.Memory;
using Strata.Recommend;

namespace Strata.Server.Serving;

/// <summary>
/// The live users' <see cref="HistoryMemo"/>s of one served model version, within <see cref="ServingOptions.HistoryMemoBytes"/>
/// (least recently used dropped first). A memo holds sums derived from a user's events, so erasing the user drops it.
/// </summary>
internal sealed class HistoryMemos
{
    private readonly MemoryCache? _cache;
    private readonly int _minimumEvents;

    private HistoryMemos(MemoryCache? cache, int minimumEvents)
    {
        _cache = cache;
        _minimumEvents = minimumEvents;
    }

    /// <summary>Room for as many memos as the budget holds rows of <paramref name="items"/> floats (none when it holds none).</summary>
    public static HistoryMemos Create(ServingOptions options, int items)
    {
        var capacity = options.HistoryMemoBytes / (sizeof(float) * Math.Max(1L, items));
        return new HistoryMemos(capacity > 0 ? new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity }) : null, options.HistoryMemoMinimumEvents);
    }

    /// <summary>The user's memo, made on first use; null for short histories or when memos are off.</summary>
    public HistoryMemo? For(string storedUserId, int events)
    {
        if (_cache is null || events < _minimumEvents) return null;
        return _cache.GetOrCreate(storedUserId, entry =>
        {
            entry.Size = 1;
            return new HistoryMemo();
        });
    }

    public void Forget(string storedUserId) => _cache?.Remove(storedUserId);
}
