using Strata.Core.Interactions;

namespace Strata.Evaluation.Splits;

/// <summary>Builds the usual queries of a holdout protocol: tell the model a user's known events, ask for the held-out items.</summary>
public static class TestCases
{
    /// <summary>
    /// One case per user with relevant rows in <paramref name="targets"/>, in user-index order: the history is the user's
    /// rows of <paramref name="known"/> in time order, the relevant items are the user's distinct target items of the
    /// dataset's relevant types (<see cref="EvaluationDataset.IsRelevant"/>), and the history's items are excluded (seen
    /// items removed). With <paramref name="dropSeen"/>, relevant items already in the history are dropped (they can never
    /// be recommended; generated time-based protocols, where a user may return to an item); a user left with none is skipped.
    /// </summary>
    public static List<TestCase> FromHoldout(EventTable known, EventTable targets, EvaluationDataset dataset, bool dropSeen = false)
    {
        var knownRows = EventRows.ByUserInTimeOrder(known);
        var targetRows = EventRows.ByUserInTimeOrder(targets);
        var cases = new List<TestCase>();
        for (int u = 0; u < targetRows.Length; u++)
        {
            if (targetRows[u].Length == 0) continue;
            var excluded = EventRows.DistinctItems(known, knownRows[u]);
            var relevant = dataset.RelevantItems(targets, targetRows[u]);
            if (dropSeen) relevant = relevant.Where(i => Array.BinarySearch(excluded, i) < 0).ToArray();
            if (relevant.Length == 0) continue;
            cases.Add(new TestCase(EventRows.History(known, u, knownRows[u]), relevant, excluded));
        }
        return cases;
    }

    /// <summary>Rows of <paramref name="table"/> for which <paramref name="keep"/> is true, as a new table over the same maps.</summary>
    public static EventTable Where(EventTable table, Func<int, bool> keep)
    {
        var rows = new List<int>();
        for (int r = 0; r < table.Count; r++)
            if (keep(r)) rows.Add(r);
        return EventRows.Select(table, rows);
    }
}
