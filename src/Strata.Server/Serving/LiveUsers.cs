using System.Runtime.InteropServices;
using Strata.Core.Ids;
using Strata.Engine;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Recommend;
using Strata.Server.Contracts;
using Strata.Storage;

namespace Strata.Server.Serving;

/// <summary>
/// The live side of one served version: every user's event count and history, the positive events per item (what
/// <c>GET /popular</c> ranks by), each user's last answer and their history memo, and the interest profiles of the users
/// read so far. A profile is built from the user's history when first needed and kept live from then on: at 10⁶ items and
/// 5·10⁵ users, building every profile at start took a third of it and about 3 GB. Events and erasures arrive from the
/// <see cref="ServingHost"/> under its write lock, in log order; one lock here guards all of it against the readers
/// (profiles are not thread-safe; each critical section is microseconds, a first read a few more).
/// </summary>
internal sealed class LiveUsers
{
    private readonly Lock _lock = new();
    private readonly ProfileContext _context;
    private readonly IdMap _items;
    private readonly Dictionary<string, InterestProfile> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _eventCounts;
    private readonly Dictionary<string, LiveHistory> _histories;
    private readonly Dictionary<string, CachedAnswer> _answers = new(StringComparer.Ordinal);
    private readonly HistoryMemos _memos;
    private readonly int[] _popularity;

    public LiveUsers(ProfileContext context, IdMap items, Dictionary<string, int> eventCounts, Dictionary<string, LiveHistory> histories, HistoryMemos memos)
    {
        (_context, _items, _eventCounts, _histories, _memos) = (context, items, eventCounts, histories, memos);
        _popularity = new int[items.Count];
        foreach (var history in histories.Values) CountPopularity(history, +1);
    }

    public int Count
    {
        get { lock (_lock) return _eventCounts.Count; }
    }

    /// <summary>Applies committed events, in log order, to their users' profiles (creating users on their first event).</summary>
    public void Apply(IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0) return;
        lock (_lock)
        {
            foreach (var stored in events)
            {
                var e = stored.Event;
                ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(_eventCounts, e.UserId, out _);
                count++;
                // Same rule as ProfileSet.Apply: events without an item, or on items the tree does not hold, leave strengths alone.
                if (e.ItemId is null) continue;
                var item = _items.IndexOf(e.ItemId);
                if (item < 0) continue;
                var value = e.Value is { } v ? (float)v : float.NaN;
                var seconds = e.Timestamp.ToUnixTimeSeconds();
                // A profile not built yet will be built from the history, this event included.
                if (_profiles.TryGetValue(e.UserId, out var profile)) profile.Apply(item, e.Type, value, seconds);
                if (!_histories.TryGetValue(e.UserId, out var history)) _histories[e.UserId] = history = new LiveHistory();
                history.Add(item, e.Type, value, seconds);
                if (_context.Weights.Weigh(e.Type, value) > 0) _popularity[item]++;
            }
        }
    }

    /// <summary>Drops everything held about a user (their events are already erased from the log).</summary>
    public void Forget(string storedUserId)
    {
        lock (_lock)
        {
            _profiles.Remove(storedUserId);
            if (_histories.Remove(storedUserId, out var history)) CountPopularity(history, -1);
            _answers.Remove(storedUserId);
            _memos.Forget(storedUserId);
            _eventCounts.Remove(storedUserId);
        }
    }

    /// <summary>True when the user has at least one event in the log.</summary>
    public bool Knows(string storedUserId)
    {
        lock (_lock) return _eventCounts.ContainsKey(storedUserId);
    }

    /// <summary>The most active users (by events).</summary>
    public IReadOnlyList<string> MostActive(int n)
    {
        lock (_lock)
            return _eventCounts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(n).Select(kv => kv.Key).ToArray();
    }

    /// <summary>Positive events per item index, as of now (a copy: for whole-tree summaries).</summary>
    public int[] Popularity()
    {
        lock (_lock) return (int[])_popularity.Clone();
    }

    /// <summary>Positive events on one item, as of now.</summary>
    public int PopularityOf(int item)
    {
        lock (_lock) return _popularity[item];
    }

    /// <summary>Writes each item's positive events as a score, −∞ for items nobody has touched (they are not popular).</summary>
    public void PopularityScores(Span<float> scores)
    {
        lock (_lock)
            for (int i = 0; i < scores.Length; i++) scores[i] = _popularity[i] > 0 ? _popularity[i] : float.NegativeInfinity;
    }

    /// <summary>The user's profile as a snapshot, or null when they have none.</summary>
    public InterestSnapshot? Snapshot(string storedUserId, string externalUserId)
    {
        lock (_lock) return _eventCounts.ContainsKey(storedUserId) ? ProfileOf(storedUserId).Snapshot(externalUserId) : null;
    }

    /// <summary>
    /// What answering a user needs, read at one instant: their last answer when it was for this <paramref name="key"/> and
    /// their history has not changed since (its length is the generation, so an event or a delete invalidates it at once);
    /// else their history (with their memo when <paramref name="withMemo"/>), the items <paramref name="seen"/> hides
    /// marked in <paramref name="excluded"/>, and their meso distribution in <paramref name="mesoProbability"/>.
    /// Null when the user has no event.
    /// </summary>
    public UserQuery? Query(string storedUserId, AnswerKey key, bool withMemo, SeenPolicy seen, bool[] excluded, float[] mesoProbability)
    {
        lock (_lock)
        {
            if (!_eventCounts.ContainsKey(storedUserId)) return null;
            var live = _histories.GetValueOrDefault(storedUserId);
            var generation = live?.Count ?? 0;
            if (_answers.TryGetValue(storedUserId, out var cached) && cached.Generation == generation && cached.Key == key)
                return new UserQuery(generation, null, cached.Response);
            var history = live?.ToHistory(withMemo ? _memos.For(storedUserId, live.Count) : null) ?? UserHistory.OfItems(-1);
            if (!seen.ExcludesAll && live is not null)
                for (int e = 0; e < live.Count; e++)
                    if (seen.Excludes(live.Types[e])) excluded[live.Items[e]] = true;
            if (ProfileOf(storedUserId) is { EventCount: > 0 } profile)
                profile.LevelDistribution(InterestLevel.Meso, mesoProbability);
            return new UserQuery(generation, history, null);
        }
    }

    /// <summary>Keeps an answer computed at <paramref name="generation"/>, only if the user's history is still that one.</summary>
    public void Remember(string storedUserId, int generation, AnswerKey key, RecommendationsResponse response)
    {
        lock (_lock)
            if (_eventCounts.ContainsKey(storedUserId) && (_histories.GetValueOrDefault(storedUserId)?.Count ?? 0) == generation)
                _answers[storedUserId] = new CachedAnswer(generation, key, response);
    }

    /// <summary>
    /// A known user's profile, built from their history on first need (events applied in log order: the incremental path
    /// that <see cref="ProfileSet"/>'s contract equates with a rebuild). Callers hold the lock.
    /// </summary>
    private InterestProfile ProfileOf(string storedUserId)
    {
        ref var profile = ref CollectionsMarshal.GetValueRefOrAddDefault(_profiles, storedUserId, out var built);
        if (built) return profile!;
        profile = new InterestProfile(_context);
        if (_histories.TryGetValue(storedUserId, out var history))
            for (int e = 0; e < history.Count; e++) profile.Apply(history.Items[e], history.Types[e], history.Values[e], history.Seconds[e]);
        return profile;
    }

    private void CountPopularity(LiveHistory history, int sign)
    {
        for (int e = 0; e < history.Count; e++)
            if (_context.Weights.Weigh(history.Types[e], history.Values[e]) > 0) _popularity[history.Items[e]] += sign;
    }

    private sealed record CachedAnswer(int Generation, AnswerKey Key, RecommendationsResponse Response);
}

/// <summary>What an answer depends on besides the user's history: the query and the model that answers it.</summary>
internal readonly record struct AnswerKey(int N, int Offset, float Diversity, string Filter, string Seen, ExplainedRecommender Model);

/// <summary>A user's state for one answer: the cached answer, or the history to answer from (and its generation).</summary>
internal sealed record UserQuery(int Generation, UserHistory? History, RecommendationsResponse? Cached);
