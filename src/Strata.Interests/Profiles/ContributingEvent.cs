using Strata.Core.Domain;

namespace Strata.Interests.Profiles;

/// <summary>
/// One of a user's events kept as evidence for a node. <see cref="Rank"/> = <c>log2|w| + t / half_life</c> orders events by
/// their decayed weight at any later time (decay scales every event alike), so the kept set never needs re-sorting.
/// </summary>
/// <param name="Item">Taxonomy item index.</param>
/// <param name="Type">Event type.</param>
/// <param name="Value">Event value (rating), NaN when absent.</param>
/// <param name="Seconds">Unix seconds of the event.</param>
/// <param name="Weight">Undecayed weight <c>w(type, value)</c>.</param>
/// <param name="Rank">Time-invariant rank key (higher contributes more).</param>
public readonly record struct ContributingEvent(int Item, EventType Type, float Value, long Seconds, float Weight, double Rank)
{
    /// <summary>Total order used to keep the top events: rank, then later time, then item, then type (so rebuild and incremental keep the same set).</summary>
    public static int Compare(in ContributingEvent a, in ContributingEvent b)
    {
        var c = a.Rank.CompareTo(b.Rank);
        if (c != 0) return c;
        c = a.Seconds.CompareTo(b.Seconds);
        if (c != 0) return c;
        c = b.Item.CompareTo(a.Item);
        return c != 0 ? c : ((byte)b.Type).CompareTo((byte)a.Type);
    }

    /// <summary>The event's weight decayed to <paramref name="atSeconds"/> with <paramref name="rate"/> half-lives per second.</summary>
    public float DecayedWeight(long atSeconds, double rate) => (float)(Weight * double.Exp2(-Math.Max(0, atSeconds - Seconds) * rate));
}
