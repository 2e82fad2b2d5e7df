namespace Strata.Server.Ingestion;

/// <summary>What happened to one request's events: all are durable when this is returned.</summary>
/// <param name="Accepted">Events newly written to the log.</param>
/// <param name="Duplicates">Events dropped because their idempotency key was already in the log.</param>
/// <param name="LastSequence">Log sequence number after the commit that carried this request.</param>
public sealed record IngestOutcome(int Accepted, int Duplicates, long LastSequence);
