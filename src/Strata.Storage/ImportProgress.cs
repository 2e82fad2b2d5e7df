namespace Strata.Storage;

/// <summary>Running totals of a bulk import, reported every few thousand rows and once at each stage's end.</summary>
public readonly record struct ImportProgress(ImportStage Stage, long Items, long Users, long Events);
