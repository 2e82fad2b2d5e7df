using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Core.Interactions;
using Strata.Interests.Taxonomies;

namespace Strata.Interests.Profiles;

/// <summary>
/// Every user's <see cref="InterestProfile"/> over one taxonomy. Rebuilt from the event log (<see cref="Rebuild(EventTable, ProfileContext)"/>)
/// and kept live by <see cref="Apply(Event)"/>; the contract is that applying events one by one equals rebuilding from the same events.
/// User indices follow <see cref="Users"/>; new users are added on their first event. A log user's profile is summed from
/// their rows when first read, so reading a few users of a large log costs those users, not the log's (5·10⁵ profiles
/// of 10⁶ items' tree are about 3 GB). Not thread-safe.
/// </summary>
public sealed class ProfileSet
{
    private readonly List<InterestProfile?> _profiles = [];
    private readonly EventTable? _log;
    private readonly int[] _logOffsets = [0];
    private readonly int[] _logRows = [];
    private readonly int[] _itemToTaxonomy = [];

    private ProfileSet(ProfileContext context, IdMap users, EventTable? log = null)
    {
        Context = context;
        Users = users;
        if (log is null) return;
        _log = log;
        (_logOffsets, _logRows) = log.RowsByUser();
        _itemToTaxonomy = MapItems(log.Items, context.Taxonomy);
    }

    public ProfileContext Context { get; }

    /// <summary>External user ids; position = user index.</summary>
    public IdMap Users { get; }

    /// <summary>An empty set, to be filled by <see cref="Apply(Event)"/>.</summary>
    public static ProfileSet Create(ProfileContext context) => new(context, new IdMap());

    /// <summary>
    /// Rebuilds all profiles from an event log: the population prior is estimated from the log's positive events,
    /// then each user's profile is summed directly. Users keep the log's user indices.
    /// </summary>
    public static ProfileSet Rebuild(EventTable events, Taxonomy taxonomy, InterestOptions? options = null, EventWeights? weights = null)
    {
        var context = new ProfileContext(taxonomy, options, weights);
        return Rebuild(events, context.WithPrior(PopulationPrior(events, context)));
    }

    /// <summary>Profiles of an event log's users with a given context (its prior is kept as is), each rebuilt from its rows when first read.</summary>
    public static ProfileSet Rebuild(EventTable events, ProfileContext context) => new(context, events.Users, events);

    /// <summary>The population prior from a log: positive events per node, add-one smoothed.</summary>
    public static InterestPrior PopulationPrior(EventTable events, ProfileContext context)
    {
        var taxonomy = context.Taxonomy;
        var itemToTaxonomy = MapItems(events.Items, taxonomy);
        var mass = new float[taxonomy.NodeCount];
        for (int r = 0; r < events.Count; r++)
        {
            var item = events.ItemIndex[r] < 0 ? -1 : itemToTaxonomy[events.ItemIndex[r]];
            if (item < 0 || context.Weights.Weigh(events.Types[r], events.Values[r]) <= 0f) continue;
            var path = taxonomy.PathOf(item);
            mass[path.Macro]++;
            mass[path.Meso]++;
        }
        return InterestPrior.FromCounts(taxonomy, mass);
    }

    /// <summary>For each item index of <paramref name="items"/>, its taxonomy item index, or -1 when the tree does not know it.</summary>
    public static int[] MapItems(IdMap items, Taxonomy taxonomy)
    {
        var map = new int[items.Count];
        for (int i = 0; i < map.Length; i++) map[i] = taxonomy.Items.IndexOf(items[i]);
        return map;
    }

    /// <summary>Number of users (profiles may be empty).</summary>
    public int Count => Users.Count;

    /// <summary>The profile of a user index (an empty profile if the user has no events yet).</summary>
    public InterestProfile this[int user]
    {
        get
        {
            while (_profiles.Count <= user) _profiles.Add(null);
            return _profiles[user] ??= FromLog(user);
        }
    }

    /// <summary>
    /// Whether the user's profile holds any event (its <see cref="InterestProfile.EventCount"/> is above 0), told from the
    /// user's log rows while the profile is not built, so asking about many users builds none of them.
    /// </summary>
    public bool HasEvents(int user)
    {
        if (user < _profiles.Count && _profiles[user] is { } built) return built.EventCount > 0;
        foreach (var row in LogRows(user))
            if (InterestProfile.CountedItem(_log!, row, _itemToTaxonomy, Context.Weights) >= 0) return true;
        return false;
    }

    /// <summary>A fresh profile holding the user's rows of the log (none for a user added since).</summary>
    private InterestProfile FromLog(int user)
    {
        var profile = new InterestProfile(Context);
        var rows = LogRows(user);
        if (!rows.IsEmpty) profile.Rebuild(_log!, rows, _itemToTaxonomy);
        return profile;
    }

    /// <summary>The user's rows of the log; none without a log or for a user added since.</summary>
    private ReadOnlySpan<int> LogRows(int user) =>
        _log is null || user >= _logOffsets.Length - 1 ? [] : _logRows.AsSpan(_logOffsets[user], _logOffsets[user + 1] - _logOffsets[user]);

    /// <summary>The profile of an external user id, or null when the user is unknown.</summary>
    public InterestProfile? Find(string userId) => Users.TryGetIndex(userId, out var u) ? this[u] : null;

    /// <summary>
    /// Applies one event to its user's profile (creating the user if new). Returns false when the event cannot move a profile:
    /// no item, an item the taxonomy does not hold, or a zero weight.
    /// </summary>
    public bool Apply(Event e)
    {
        var user = Users.GetOrAdd(e.UserId);
        if (e.ItemId is null) return false;
        var item = Context.Taxonomy.Items.IndexOf(e.ItemId);
        if (item < 0) return false;
        return this[user].Apply(item, e.Type, e.Value is { } v ? (float)v : float.NaN, e.Timestamp.ToUnixTimeSeconds());
    }
}
