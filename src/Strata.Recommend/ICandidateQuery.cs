namespace Strata.Recommend;

/// <summary>
/// One user's request to a model that answers for a few items: it proposes its top unseen items through a
/// nearest-neighbour index or neighbour lists, and scores only the items it is asked about, so a request costs what the
/// user's history and the candidates cost, not what the catalogue costs. Not thread-safe; one per request.
/// </summary>
public interface ICandidateQuery
{
    /// <summary>
    /// Writes the best <c>into.Length</c> items of signal row <paramref name="row"/> that are not in
    /// <paramref name="seen"/> (ascending item indices), best first; returns how many. Through an approximate index the
    /// list is the index's answer, re-scored exactly.
    /// </summary>
    int Propose(int row, Span<int> into, ReadOnlySpan<int> seen);

    /// <summary>Writes rows × <c>items.Length</c> scores, row-major: the values a full scoring gives those items.</summary>
    void Score(ReadOnlySpan<int> items, Span<float> scores);
}

/// <summary>A model (one signal row) that answers <see cref="ICandidateQuery"/> as well as scoring the whole catalogue.</summary>
public interface ICandidateRecommender : IRecommender
{
    ICandidateQuery Ask(UserHistory history);

    /// <summary>The vector retrieval its proposals come from (null: neighbour lists or a fixed order, nothing to build).</summary>
    Strata.Recommend.Retrieval.InnerProductRetrieval? Retrieval { get; }
}
