namespace Strata.Data;

/// <summary>What a reader skipped or could not link while enumerating. Counts grow as the caller enumerates.</summary>
public sealed class ReadReport
{
    /// <summary>How many problem descriptions are kept; later ones are only counted.</summary>
    public const int MaxProblems = 10;

    private readonly List<string> _problems = [];

    /// <summary>Lines skipped because they were malformed (only with <see cref="ReaderOptions.SkipInvalid"/>).</summary>
    public int SkippedLines { get; private set; }

    /// <summary>The first <see cref="MaxProblems"/> reasons, as <c>file:line: field 'f': problem</c>.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Events dropped because their item is not in the catalogue (not fatal, see each reader's documentation).</summary>
    public int UnknownItemReferences { get; private set; }

    /// <summary>Events dropped because their user is not in the user file (not fatal).</summary>
    public int UnknownUserReferences { get; private set; }

    /// <summary>Catalogue lines merged into an earlier line with the same id (Amazon metadata repeats products).</summary>
    public int MergedDuplicates { get; private set; }

    /// <summary>Records a skipped line and keeps its reason if fewer than <see cref="MaxProblems"/> are kept.</summary>
    public void AddSkipped(DataFormatException problem)
    {
        SkippedLines++;
        if (_problems.Count < MaxProblems) _problems.Add(problem.Message);
    }

    /// <summary>Records an event dropped for an unknown item.</summary>
    public void AddUnknownItem() => UnknownItemReferences++;

    /// <summary>Records an event dropped for an unknown user.</summary>
    public void AddUnknownUser() => UnknownUserReferences++;

    /// <summary>Records a catalogue line merged into an earlier one.</summary>
    public void AddMergedDuplicate() => MergedDuplicates++;
}
