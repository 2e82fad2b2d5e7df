using Strata.Core.Domain;

namespace Strata.Server.Serving;

/// <summary>
/// What a list may not show: hidden items (everyone's and the user's own), items a request excludes by id, and — when
/// <see cref="Categories"/> is not empty — every item outside those categories (an item matches when any of its
/// categories, at any level of a path, equals one of them, ignoring case).
/// </summary>
/// <param name="HiddenVersion">Changes whenever any hiding changes, so cached answers keyed by <see cref="Key"/> never outlive one.</param>
internal sealed record ListFilter(IReadOnlySet<string> Hidden, IReadOnlyList<string> Categories, IReadOnlyList<string> Exclude, long HiddenVersion)
{
    /// <summary>Identifies the filter for caching (hidden ids are covered by <see cref="HiddenVersion"/>).</summary>
    public string Key => $"{HiddenVersion}\u001e{string.Join('\u001f', Categories)}\u001e{string.Join('\u001f', Exclude)}";

    public bool Admits(Item item) =>
        !Hidden.Contains(item.Id) && (Categories.Count == 0 || item.Categories.Any(c => Categories.Contains(c, StringComparer.OrdinalIgnoreCase)));
}

/// <summary>
/// Which event types make an item "seen" and so left out of a user's recommendations (<see cref="SeenItemsOptions"/>;
/// a request's <c>exclude_seen=false</c> turns every type off).
/// </summary>
internal sealed class SeenPolicy
{
    private readonly bool[] _excludes;

    private SeenPolicy(bool[] excludes) => _excludes = excludes;

    /// <summary>Every type excludes: the model's own rule (its history is never recommended).</summary>
    public bool ExcludesAll => Array.TrueForAll(_excludes, x => x);

    public bool Excludes(EventType type) => _excludes[(int)type];

    public string Key => string.Concat(_excludes.Select(x => x ? '1' : '0'));

    public static SeenPolicy None { get; } = new(new bool[EventTypes.All.Count]);

    public static SeenPolicy From(SeenItemsOptions options)
    {
        var excludes = new bool[EventTypes.All.Count];
        Array.Fill(excludes, true);
        foreach (var (name, exclude) in options.ExcludeSeen)
            if (EventTypes.TryParse(name, out var type)) excludes[(int)type] = exclude;
        return new SeenPolicy(excludes);
    }
}
