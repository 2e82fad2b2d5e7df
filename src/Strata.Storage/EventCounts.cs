using Strata.Core.Domain;

namespace Strata.Storage;

/// <summary>Counts of events by type and the time range they span.</summary>
/// <param name="Total">All events counted.</param>
/// <param name="ByType">Count per type; types with no events are absent.</param>
/// <param name="First">Earliest event time, null when there are none.</param>
/// <param name="Last">Latest event time, null when there are none.</param>
public sealed record EventCounts(long Total, IReadOnlyDictionary<EventType, long> ByType, DateTimeOffset? First, DateTimeOffset? Last);
