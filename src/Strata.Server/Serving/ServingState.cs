using System.Collections.Concurrent;
using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Engine;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Server.Contracts;
using Strata.Storage;

namespace Strata.Server.Serving;

/// <summary>
/// One fitted version of everything a request reads, composed of parts a reader can hold in mind: the fitted model
/// (<see cref="ExplainedRecommender"/>, immutable), the items (<see cref="ItemIndex"/>), the live users
/// (<see cref="LiveUsers"/>: profiles, histories, popularity, last answers) and the mapping of answers to the wire
/// (the partial files: recommendations, interests, lists, the tree). Live users change only by <see cref="Apply"/> and
/// <see cref="ForgetUser"/>, which the <see cref="ServingHost"/> calls under its write lock in log order.
/// </summary>
internal sealed partial class ServingState
{
    private readonly LiveUsers _users;
    private readonly ItemIndex _items;
    private readonly ExplainedRecommender _engine;
    private readonly Func<ModelOptions, ExplainedRecommender> _fitVariant;
    private readonly ModelOptions _model;
    // Experiment variants' models over this version's data, fitted once each on first use (the key is the model's settings).
    private readonly ConcurrentDictionary<string, Lazy<ExplainedRecommender>> _variants = new(StringComparer.Ordinal);

    public ServingState(long version, FittedModel fitted, ProfileContext profileContext, Dictionary<string, int> eventCounts,
        Dictionary<string, LiveHistory> histories, HistoryMemos memos, ModelOptions model, Func<ModelOptions, ExplainedRecommender> fitVariant)
    {
        _model = model;
        _fitVariant = fitVariant;
        Version = version;
        LastSequence = fitted.Log.LastSequence;
        Template = fitted.Catalogue.Template;
        Stamp = fitted.Stamp;
        FromSavedModel = fitted.FromSavedModel;
        EventsSinceModel = fitted.EventsSinceModel;
        _engine = fitted.Recommender;
        ProfileContext = profileContext;
        _items = new ItemIndex(fitted.Catalogue.Items, fitted.Catalogue.Vectors, fitted.Catalogue.Dimensions, fitted.Taxonomy);
        _users = new LiveUsers(profileContext, fitted.Taxonomy.Items, eventCounts, histories, memos);
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
    public IReadOnlyList<Item> Catalog => _items.Catalog;

    /// <summary>Row-major unit item vectors, one row per taxonomy item index.</summary>
    public float[] ItemVectors => _items.Vectors;

    public int Dimensions => _items.Dimensions;

    public Taxonomy Taxonomy => _items.Taxonomy;

    public ProfileContext ProfileContext { get; }

    public IdMap Items => _items.Ids;

    public int ItemCount => Catalog.Count;

    public int UserCount => _users.Count;

    /// <summary>Applies committed events, in log order, to their users' profiles (creating users on their first event).</summary>
    public void Apply(IReadOnlyList<StoredEvent> events) => _users.Apply(events);

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

    /// <summary>Drops a user's profile, history, last answer and memo (their events are already erased from the log).</summary>
    public void ForgetUser(string storedUserId) => _users.Forget(storedUserId);

    /// <summary>True when the user has at least one event in the log.</summary>
    public bool KnowsUser(string storedUserId) => _users.Knows(storedUserId);

    /// <summary>The most active users (by events), for the dashboard's picker.</summary>
    public IReadOnlyList<string> MostActiveUsers(int n) => _users.MostActive(n);

    /// <summary>Where an item sits in the tree: catalogue items by the fitted assignment, items added since by their vector.</summary>
    public ItemPlacement? Placement(string itemId) => _items.Placement(itemId);

    /// <summary>Registers items upserted since the fit: placed from their text vector alone; they join the models at the next refit.</summary>
    public IReadOnlyList<ItemPlacement> AddItems(IReadOnlyList<Item> items, float[] vectors) => _items.Add(items, vectors);

    /// <summary>Forgets an item added since the fit (it was deleted).</summary>
    public void RemoveAddedItem(string itemId) => _items.Remove(itemId);

    /// <summary>The n items nearest in meaning to an item (cosine of unit text vectors) that the filter admits, or null when the item is unknown.</summary>
    public IReadOnlyList<SimilarItem>? Similar(string itemId, int n, ListFilter filter) => _items.Similar(itemId, n, filter);
}
