using Strata.Core.Interactions;

namespace Strata.Recommend;

/// <summary>Builds every user's <see cref="UserHistory"/> from an event table (the query a model answers for a known user).</summary>
public static class UserHistories
{
    /// <summary>One history per user index, events in log order; searches (no item) are left out.</summary>
    public static UserHistory[] From(EventTable table)
    {
        var (offsets, rows) = table.RowsByUser();
        var histories = new UserHistory[table.Users.Count];
        for (int u = 0; u < histories.Length; u++)
        {
            int count = 0;
            for (int p = offsets[u]; p < offsets[u + 1]; p++) if (table.ItemIndex[rows[p]] >= 0) count++;
            var items = new int[count]; var types = new Core.Domain.EventType[count];
            var values = new float[count]; var seconds = new long[count];
            int k = 0;
            for (int p = offsets[u]; p < offsets[u + 1]; p++)
            {
                var r = rows[p];
                if (table.ItemIndex[r] < 0) continue;
                items[k] = table.ItemIndex[r]; types[k] = table.Types[r]; values[k] = table.Values[r]; seconds[k] = table.Seconds[r];
                k++;
            }
            histories[u] = new UserHistory(u, items, types, values, seconds);
        }
        return histories;
    }
}
