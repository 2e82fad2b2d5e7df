namespace Strata.Data;

/// <summary>
/// What a reader skipped or could not link while enumerating; counts grow as the caller enumerates
/// (each public <c>Read…</c> enumeration adds its own findings).
/// </summary>
public sealed class ReadReport
{
    /// <summary>How many problem descriptions are kept; later ones are only counted.</summary>
    public const int MaxProblems = 10;

    private readonly List<string> _problems = [];

    /// <summary>Lines skipped because they were malformed or named an unknown item/user (only with <see cref="ReaderOptions.SkipInvalid"/>).</summary>
    public int SkippedLines { get; private set; }

    /// <summary>The first <see cref="MaxProblems"/> reasons, as <c>file:line: field 'f': problem</c>.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>References to items missing from the catalogue. Depending on the format the event was dropped
    /// (MIND, or a skipped line with <see cref="ReaderOptions.SkipInvalid"/>) or kept with a placeholder item (Amazon).</summary>
    public int UnknownItemReferences { get; private set; }

    /// <summary>Events whose user is missing from the user file (their lines are skipped).</summary>
    public int UnknownUserReferences { get; private set; }

    /// <summary>Catalogue lines merged into another line with the same id (Amazon metadata repeats products).</summary>
    public int MergedDuplicates { get; private set; }

    /// <summary>True when nothing was skipped, dropped or unlinked.</summary>
    public bool IsClean => SkippedLines == 0 && UnknownItemReferences == 0 && UnknownUserReferences == 0;

    /// <summary>Records a skipped line and keeps its reason if fewer than <see cref="MaxProblems"/> are kept.</summary>
    public void AddSkipped(DataFormatException problem)
    {
        SkippedLines++;
        if (problem.Kind == DataProblem.UnknownItem) UnknownItemReferences++;
        if (problem.Kind == DataProblem.UnknownUser) UnknownUserReferences++;
        Keep(problem.Message);
    }

    /// <summary>True while fewer than <see cref="MaxProblems"/> reasons are kept: lets callers skip formatting reasons nobody will see.</summary>
    public bool KeepsMoreProblems => _problems.Count < MaxProblems;

    /// <summary>Records a reference to an unknown item that did not skip its line (the format tolerates it);
    /// <paramref name="description"/> may be null once <see cref="KeepsMoreProblems"/> is false.</summary>
    public void AddUnknownItem(string? description)
    {
        UnknownItemReferences++;
        if (description is not null) Keep(description);
    }

    /// <summary>Records a catalogue line merged into an earlier one.</summary>
    public void AddMergedDuplicate() => MergedDuplicates++;

    /// <summary>A one-line summary for the CLI.</summary>
    public override string ToString() =>
        $"{Count(SkippedLines, "line")} skipped, {Count(UnknownItemReferences, "unknown item reference")}, " +
        $"{Count(UnknownUserReferences, "unknown user reference")}, {Count(MergedDuplicates, "duplicate catalogue line")} merged";

    private static string Count(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count:N0} {noun}s";

    private void Keep(string description)
    {
        if (_problems.Count < MaxProblems) _problems.Add(description);
    }
}
