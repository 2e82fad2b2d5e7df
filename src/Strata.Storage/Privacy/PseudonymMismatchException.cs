namespace Strata.Storage.Privacy;

/// <summary>The store's user ids were written under another pseudonym setting than the one given (see <see cref="PseudonymMarker"/>).</summary>
public sealed class PseudonymMismatchException(string message) : Exception(message);
