using Strata.Core.Interactions;

namespace Strata.Evaluation.Splits;

/// <summary>Builds the usual queries of a holdout protocol: tell the model a user's known events, ask for the held-out items.</summary>
public static class TestCases
{
    /// <summary>
    /// One case per user with rows in <paramref name="targets"/>, in user-index order: the history is the user's rows of
    /// <paramref name="known"/> in time order, the relevant items are the user's distinct target items, and the history's
    /// items are excluded (seen items removed).
    /// </summary>
    public static List<TestCase> FromHoldout(EventTable known, EventTable targets)
    {
        var knownRows = EventRows.ByUserInTimeOrder(known);
        var targetRows = EventRows.ByUserInTimeOrder(targets);
        var cases = new List<TestCase>();
        for (int u = 0; u < targetRows.Length; u++)
        {
            if (targetRows[u].Length == 0) continue;
            var history = EventRows.History(known, u, knownRows[u]);
            cases.Add(new TestCase(history, EventRows.DistinctItems(targets, targetRows[u]), EventRows.DistinctItems(known, knownRows[u])));
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
