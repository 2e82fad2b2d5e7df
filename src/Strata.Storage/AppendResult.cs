namespace Strata.Storage;

/// <summary>Outcome of one appended batch.</summary>
/// <param name="Appended">Events written.</param>
/// <param name="Duplicates">Events dropped because their idempotency key was already in the log (or earlier in the batch).</param>
/// <param name="LastSequence">The highest sequence number in the log after the append (0 for an empty log).</param>
public readonly record struct AppendResult(int Appended, int Duplicates, long LastSequence);
