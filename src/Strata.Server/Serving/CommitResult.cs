using Strata.Storage;

namespace Strata.Server.Serving;

/// <summary>
/// One group commit: the store's result, the idempotency keys of the events it newly wrote (to tell requests which of
/// theirs were duplicates) and the events read back after it (what a <see cref="ILiveProfileOwner"/> is told about).
/// </summary>
internal sealed record CommitResult(AppendResult Result, HashSet<string> NewIdempotencyKeys, IReadOnlyList<StoredEvent> Written);
