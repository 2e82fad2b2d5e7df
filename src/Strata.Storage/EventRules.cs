using Strata.Core.Domain;

namespace Strata.Storage;

/// <summary>What every store checks before it writes an event, so an invalid event rejects its batch the same way in each.</summary>
internal static class EventRules
{
    /// <exception cref="ArgumentException">The event cannot be stored: no user, an unknown type, a missing item, a non-finite value.</exception>
    public static void Validate(Event e)
    {
        if (string.IsNullOrEmpty(e.UserId)) throw new ArgumentException("An event needs a user id.", nameof(e));
        if ((uint)e.Type >= (uint)EventTypes.All.Count) throw new ArgumentException($"Unknown event type {(int)e.Type}.", nameof(e));
        if (e.Type.RequiresItem() && string.IsNullOrEmpty(e.ItemId))
            throw new ArgumentException($"A {e.Type.Name()} event of user '{e.UserId}' needs an item id.", nameof(e));
        if (e.Value is { } value && !double.IsFinite(value))
            throw new ArgumentException($"Event value {value} of user '{e.UserId}' is not a finite number.", nameof(e));
    }
}
