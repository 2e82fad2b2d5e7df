namespace Strata.Storage;

/// <summary>One stored version of a named blob.</summary>
/// <param name="Name">The artifact's name, e.g. <c>taxonomy</c> or <c>model/ease</c>.</param>
/// <param name="Version">1 for the first save under the name, then 2, 3…</param>
/// <param name="Saved">When this version was saved (UTC, millisecond precision).</param>
/// <param name="Data">The bytes saved.</param>
public sealed record Artifact(string Name, int Version, DateTimeOffset Saved, byte[] Data);
