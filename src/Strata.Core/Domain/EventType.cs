namespace Strata.Core.Domain;

/// <summary>
/// The kinds of user behaviour Strata understands. The set is open for extension in code but typed:
/// every event carries exactly one of these, and its wire name (<see cref="EventTypes.Name"/>) is stable.
/// </summary>
public enum EventType : byte
{
    /// <summary>The user saw the item's detail page.</summary>
    View = 0,
    /// <summary>The user clicked the item (e.g. in a list or a news feed).</summary>
    Click = 1,
    /// <summary>The user searched; carries <see cref="Event.Text"/> and no item.</summary>
    Search = 2,
    /// <summary>An explicit rating; carries <see cref="Event.Value"/>.</summary>
    Rating = 3,
    /// <summary>The user bought the item.</summary>
    Purchase = 4,
    /// <summary>The user put the item in a cart.</summary>
    AddToCart = 5,
    /// <summary>The user attached a free-text tag (<see cref="Event.Text"/>) to the item.</summary>
    Tag = 6,
    /// <summary>The item was shown and not clicked: an implicit negative.</summary>
    Impression = 7,
    /// <summary>Explicit negative feedback.</summary>
    Dislike = 8,
}

/// <summary>Wire names of <see cref="EventType"/> (snake case) and their parsing.</summary>
public static class EventTypes
{
    private static readonly string[] Names =
        ["view", "click", "search", "rating", "purchase", "add_to_cart", "tag", "impression", "dislike"];

    /// <summary>Every event type, in enum order.</summary>
    public static IReadOnlyList<EventType> All { get; } = Enum.GetValues<EventType>();

    /// <summary>The stable wire name, e.g. <c>add_to_cart</c>.</summary>
    public static string Name(this EventType type) => Names[(int)type];

    /// <summary>Parses a wire name (case-insensitive; <c>-</c> and <c>_</c> are interchangeable).</summary>
    public static bool TryParse(string? name, out EventType type)
    {
        type = default;
        if (string.IsNullOrWhiteSpace(name)) return false;
        var normalised = name.Trim().Replace('-', '_').ToLowerInvariant();
        if (normalised is "addtocart") normalised = "add_to_cart";
        if (normalised is "impression_without_click" or "no_click") normalised = "impression";
        var index = Array.IndexOf(Names, normalised);
        if (index < 0) return false;
        type = (EventType)index;
        return true;
    }

    /// <summary>True for types that need an item id (all but <see cref="EventType.Search"/>).</summary>
    public static bool RequiresItem(this EventType type) => type != EventType.Search;

    /// <summary>True for types that express a negative preference.</summary>
    public static bool IsNegative(this EventType type) => type is EventType.Impression or EventType.Dislike;
}
