using Strata.Storage;

namespace Strata.Server.Serving;

/// <summary>One group commit: the store's result and the idempotency keys of the events it newly wrote (to tell requests which of theirs were duplicates).</summary>
internal sealed record CommitResult(AppendResult Result, HashSet<string> NewIdempotencyKeys);
