using Strata.Core.Domain;

namespace Strata.Storage;

/// <summary>What one bulk import wrote.</summary>
/// <param name="Items">Items upserted from the source (stubs created for unknown item ids are not counted).</param>
/// <param name="Users">Users upserted from the source.</param>
/// <param name="Events">Events appended.</param>
/// <param name="Duplicates">Events dropped for an idempotency key already in the log.</param>
/// <param name="EventsByType">Appended events per type (types with none are absent).</param>
/// <param name="Elapsed">Wall time from the start of the transaction to the end of the commit.</param>
public sealed record ImportResult(long Items, long Users, long Events, long Duplicates, IReadOnlyDictionary<EventType, long> EventsByType, TimeSpan Elapsed);
