using System.Collections.Concurrent;
using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Core.Vectors;
using Strata.Engine;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Recommend;
using Strata.Server.Contracts;
using Strata.Storage;

namespace Strata.Server.Serving;

/// <summary>
/// One fitted version of everything a request reads: catalogue and item vectors, taxonomy, recommendation model, and the
/// live interest profiles over that taxonomy. Models are immutable; profiles change only by <see cref="Apply"/> and
/// <see cref="ForgetUser"/>, which the <see cref="ServingHost"/> calls under its write lock in log order.
/// Profile reads and updates share one lock (profiles are not thread-safe; each critical section is microseconds).
/// </summary>
internal sealed partial class ServingState
{
    private readonly Lock _profilesLock = new();
    private readonly Dictionary<string, InterestProfile> _profiles;
    private readonly Dictionary<string, int> _eventCounts;
    private readonly Dictionary<string, LiveHistory> _histories;
    private readonly ConcurrentDictionary<string, AddedItem> _addedItems = new(StringComparer.Ordinal);
    private readonly ExplainedRecommender _engine;
    private readonly Dictionary<string, CachedRecommendations> _recommendationCache = new(StringComparer.Ordinal);
    private readonly HistoryMemos _memos;
    // Positive events per item index (what GET /popular ranks by), kept with the live histories: +1 as an event applies, −1 as a user is forgotten.
    private readonly int[] _popularity;
    private long _added;
    private readonly Func<ModelOptions, ExplainedRecommender> _fitVariant;
    private readonly ModelOptions _model;
    // Experiment variants' models over this version's data, fitted once each on first use (the key is the model's settings).
    private readonly ConcurrentDictionary<string, Lazy<ExplainedRecommender>> _variants = new(StringComparer.Ordinal);

    public ServingState(long version, FittedModel fitted, ProfileContext profileContext, Dictionary<string, InterestProfile> profiles,
        Dictionary<string, int> eventCounts, Dictionary<string, LiveHistory> histories, HistoryMemos memos,
        ModelOptions model, Func<ModelOptions, ExplainedRecommender> fitVariant)
    {
        _model = model;
        _fitVariant = fitVariant;
        Version = version;
        LastSequence = fitted.Log.LastSequence;
        Catalog = fitted.Catalogue.Items;
        ItemVectors = fitted.Catalogue.Vectors;
        Dimensions = fitted.Catalogue.Dimensions;
        Template = fitted.Catalogue.Template;
        Taxonomy = fitted.Taxonomy;
        Stamp = fitted.Stamp;
        FromSavedModel = fitted.FromSavedModel;
        EventsSinceModel = fitted.EventsSinceModel;
        _engine = fitted.Recommender;
        ProfileContext = profileContext;
        _profiles = profiles;
        _eventCounts = eventCounts;
        _histories = histories;
        _memos = memos;
        _popularity = new int[Catalog.Count];
        foreach (var history in histories.Values) CountPopularity(history, +1);
    }

    /// <summary>What the model was fitted from.</summary>
    public ModelStamp Stamp { get; }

    /// <summary>True when the model was read from the saved file rather than fitted by this process.</summary>
    public bool FromSavedModel { get; }

    public Strata.Recommend.IRecommender Model => _engine.Model;

    /// <summary>The model kind this state serves by default (<c>strata</c>, <c>ease</c>…).</summary>
    public string ModelKind => _model.Kind;

    /// <summary>Events in the log when this state was built that the model was not fitted on (a saved model's later events).</summary>
    public long EventsSinceModel { get; }

    /// <summary>How items became encoder text (new items are embedded the same way).</summary>
    public Strata.Embeddings.Text.ItemTextTemplate Template { get; }

    /// <summary>Increases with every refit; reported with every answer.</summary>
    public long Version { get; }

    /// <summary>Sequence of the last log event folded into this state when it was fitted.</summary>
    public long LastSequence { get; }

    /// <summary>Items in taxonomy item-index order.</summary>
    public IReadOnlyList<Item> Catalog { get; }

    /// <summary>Row-major unit item vectors, one row per taxonomy item index.</summary>
    public float[] ItemVectors { get; }

    public int Dimensions { get; }

    public Taxonomy Taxonomy { get; }

    public ProfileContext ProfileContext { get; }

    public IdMap Items => Taxonomy.Items;

    public int ItemCount => Catalog.Count;

    public int UserCount
    {
        get { lock (_profilesLock) return _profiles.Count; }
    }

    /// <summary>Applies committed events, in log order, to their users' profiles (creating users on their first event).</summary>
    public void Apply(IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0) return;
        lock (_profilesLock)
        {
            foreach (var stored in events)
            {
                var e = stored.Event;
                ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_eventCounts, e.UserId, out _);
                count++;
                if (!_profiles.TryGetValue(e.UserId, out var profile))
                    _profiles[e.UserId] = profile = new InterestProfile(ProfileContext);
                // Same rule as ProfileSet.Apply: events without an item, or on items the tree does not hold, leave strengths alone.
                if (e.ItemId is null) continue;
                var item = Items.IndexOf(e.ItemId);
                if (item < 0) continue;
                var value = e.Value is { } v ? (float)v : float.NaN;
                var seconds = e.Timestamp.ToUnixTimeSeconds();
                profile.Apply(item, e.Type, value, seconds);
                if (!_histories.TryGetValue(e.UserId, out var history)) _histories[e.UserId] = history = new LiveHistory();
                history.Add(item, e.Type, value, seconds);
                if (ProfileContext.Weights.Weigh(e.Type, value) > 0) _popularity[item]++;
            }
        }
    }

    /// <summary>
    /// The served recommender for <paramref name="model"/>'s settings: the main model when they are its own, else a variant
    /// fitted by the engine on this version's data (once; later calls wait for or reuse that fit).
    /// </summary>
    public ExplainedRecommender ModelFor(ModelOptions model)
    {
        var key = Key(model);
        if (key == Key(_model)) return _engine;
        return _variants.GetOrAdd(key, _ => new Lazy<ExplainedRecommender>(() => _fitVariant(model), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

        static string Key(ModelOptions m) => $"{m.Kind.ToLowerInvariant()}|{m.EaseLambda?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}|{m.Seed}";
    }

    /// <summary>Drops a user's profile (their events are already erased from the log).</summary>
    public void ForgetUser(string storedUserId)
    {
        lock (_profilesLock)
        {
            _profiles.Remove(storedUserId);
            if (_histories.Remove(storedUserId, out var history)) CountPopularity(history, -1);
            _recommendationCache.Remove(storedUserId);
            _memos.Forget(storedUserId);
            _eventCounts.Remove(storedUserId);
        }
    }

    /// <summary>True when the user has at least one event in the log.</summary>
    public bool KnowsUser(string storedUserId)
    {
        lock (_profilesLock) return _eventCounts.ContainsKey(storedUserId);
    }

    /// <summary>The most active users (by events), for the dashboard's picker.</summary>
    public IReadOnlyList<string> MostActiveUsers(int n)
    {
        lock (_profilesLock)
            return _eventCounts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(n).Select(kv => kv.Key).ToArray();
    }

    /// <summary>Where an item sits in the tree: catalogue items by the fitted assignment, items added since by their vector.</summary>
    public ItemPlacement? Placement(string itemId)
    {
        var index = Items.IndexOf(itemId);
        if (index >= 0) return Describe(itemId, Taxonomy.PathOf(index));
        return _addedItems.TryGetValue(itemId, out var added) ? Describe(itemId, added.Path) : null;
    }

    /// <summary>Registers items upserted since the fit: placed from their text vector alone; they join the models at the next refit.</summary>
    public IReadOnlyList<ItemPlacement> AddItems(IReadOnlyList<Item> items, float[] vectors)
    {
        var placements = new List<ItemPlacement>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            var vector = vectors.AsSpan(i * Dimensions, Dimensions).ToArray();
            var path = Taxonomy.Place(vector);
            _addedItems[items[i].Id] = new AddedItem(items[i], vector, path, Interlocked.Increment(ref _added));
            placements.Add(Describe(items[i].Id, path));
        }
        return placements;
    }

    /// <summary>Forgets an item added since the fit (it was deleted).</summary>
    public void RemoveAddedItem(string itemId) => _addedItems.TryRemove(itemId, out _);

    /// <summary>The n items nearest in meaning to an item (cosine of unit text vectors) that the filter admits, or null when the item is unknown.</summary>
    public IReadOnlyList<SimilarItem>? Similar(string itemId, int n, ListFilter filter)
    {
        float[] query;
        var index = Items.IndexOf(itemId);
        if (index >= 0) query = ItemVectors.AsSpan(index * Dimensions, Dimensions).ToArray();
        else if (_addedItems.TryGetValue(itemId, out var added)) query = added.Vector;
        else return null;
        var scores = new float[Catalog.Count];
        VectorMath.DotAll(ItemVectors, Dimensions, query, scores);
        if (index >= 0) scores[index] = float.NegativeInfinity;
        var top = new int[Math.Min(n, scores.Length)];
        var found = TopK.Select(scores, top, Excluded(filter));
        var result = new List<SimilarItem>(found);
        for (int r = 0; r < found; r++) result.Add(new SimilarItem(Catalog[top[r]].Id, Catalog[top[r]].Title, scores[top[r]]));
        return result;
    }

    private ItemPlacement Describe(string itemId, TaxonomyPath path) =>
        new(itemId, path.Macro, Taxonomy.Nodes[path.Macro].Label, path.Meso, Taxonomy.Nodes[path.Meso].Label);

    /// <param name="Order">Increases with every addition, so the latest items come first in <c>GET /latest</c>.</param>
    private sealed record AddedItem(Item Item, float[] Vector, TaxonomyPath Path, long Order);
}
