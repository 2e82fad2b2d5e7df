using Strata.Core.Domain;

namespace Strata.Storage;

/// <summary>
/// An event as the log holds it. <see cref="Event.Timestamp"/> comes back in UTC at millisecond precision,
/// the store's resolution.
/// </summary>
/// <param name="Sequence">Position in the log: unique, increasing in append order, never reused.</param>
public sealed record StoredEvent(long Sequence, Event Event);
