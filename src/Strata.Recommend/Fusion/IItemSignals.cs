namespace Strata.Recommend.Fusion;

/// <summary>
/// One or more per-item score vectors for a user (CF scores, interest-level similarities…): the raw material of the
/// learned ranker. Row r of the output is signal <see cref="Names"/>[r] over every catalogue item.
/// Implementations are immutable and thread-safe.
/// </summary>
public interface IItemSignals
{
    /// <summary>Signal names, one per output row (e.g. <c>edlae</c>, <c>interest.meso</c>).</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>True for rows whose top items become candidates.</summary>
    IReadOnlyList<bool> ProposesCandidates { get; }

    /// <summary>Writes Names.Count rows × catalogue size scores, row-major.</summary>
    void Score(UserHistory history, Span<float> scores);
}
