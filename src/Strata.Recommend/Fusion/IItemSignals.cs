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

/// <summary>
/// Signals that can also answer for a few items (<see cref="ICandidateQuery"/>): each proposing row's top unseen items
/// through an index or neighbour lists, and every row's scores for the candidates only. Strata's model asks this way from
/// <see cref="StrataOptions.IndexedCandidatesFrom"/> items on, when every signal can.
/// </summary>
public interface ICandidateSignals : IItemSignals
{
    /// <summary>False when this instance cannot (a wrapped model that only scores the whole catalogue).</summary>
    bool AnswersCandidates { get; }

    /// <summary>The user's state for one request over a catalogue of <paramref name="catalogSize"/> items; its rows are <see cref="IItemSignals.Names"/>.</summary>
    ICandidateQuery Ask(UserHistory history, int catalogSize);

    /// <summary>The vector retrievals its proposals come from: built once, before the first request, and saved with the model.</summary>
    IEnumerable<Retrieval.InnerProductRetrieval> Retrievals { get; }
}
