using Strata.Core.Domain;

namespace Strata.Recommend;

/// <summary>
/// A user's known events in time order, as dense item indices: the query every recommender answers.
/// <see cref="User"/> is the dense user index in the training data, or -1 for a user the model never saw
/// (session or cold-start queries).
/// </summary>
public sealed record UserHistory(int User, int[] Items, EventType[] Types, float[] Values, long[] Seconds)
{
    public int Count => Items.Length;

    /// <summary>
    /// Work kept from earlier queries of the same growing history (a server's live user), or null. Models may reuse it;
    /// answers are the same with or without it.
    /// </summary>
    public HistoryMemo? Memo { get; init; }

    /// <summary>A history of positive interactions (one per item, time unknown): for tests and simple protocols.</summary>
    public static UserHistory OfItems(int user, params int[] items) =>
        new(user, items, Enumerable.Repeat(EventType.Click, items.Length).ToArray(),
            Enumerable.Repeat(float.NaN, items.Length).ToArray(), new long[items.Length]);
}
