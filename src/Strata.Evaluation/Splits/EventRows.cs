using Strata.Core.Interactions;
using Strata.Recommend;

namespace Strata.Evaluation.Splits;

/// <summary>Row-level helpers the splitters share: sub-tables over the same id maps, per-user time order, histories.</summary>
public static class EventRows
{
    /// <summary>A new table holding <paramref name="rows"/> of <paramref name="source"/> in the given order, over the same id maps.</summary>
    public static EventTable Select(EventTable source, IReadOnlyList<int> rows)
    {
        var n = rows.Count;
        var users = new int[n];
        var items = new int[n];
        var types = new Core.Domain.EventType[n];
        var values = new float[n];
        var seconds = new long[n];
        for (int i = 0; i < n; i++)
        {
            var r = rows[i];
            users[i] = source.UserIndex[r];
            items[i] = source.ItemIndex[r];
            types[i] = source.Types[r];
            values[i] = source.Values[r];
            seconds[i] = source.Seconds[r];
        }
        return new EventTable(source.Users, source.Items, users, items, types, values, seconds, n);
    }

    /// <summary>
    /// Each user's item events (searches dropped), ordered by time with ties kept in table order (a stable sort):
    /// result[u] lists row indices of user u.
    /// </summary>
    public static int[][] ByUserInTimeOrder(EventTable table)
    {
        var (offsets, rows) = table.RowsByUser();
        var result = new int[table.Users.Count][];
        for (int u = 0; u < result.Length; u++)
        {
            var userRows = new List<int>(offsets[u + 1] - offsets[u]);
            for (int i = offsets[u]; i < offsets[u + 1]; i++)
                if (table.ItemIndex[rows[i]] >= 0) userRows.Add(rows[i]);
            // Row index as the second key keeps equal times in log order (List.Sort is not stable).
            userRows.Sort((a, b) => table.Seconds[a] != table.Seconds[b] ? table.Seconds[a].CompareTo(table.Seconds[b]) : a.CompareTo(b));
            result[u] = userRows.ToArray();
        }
        return result;
    }

    /// <summary>The query history made of <paramref name="rows"/> (already in time order) for dense user <paramref name="user"/> (-1: unseen user).</summary>
    public static UserHistory History(EventTable table, int user, ReadOnlySpan<int> rows)
    {
        var items = new int[rows.Length];
        var types = new Core.Domain.EventType[rows.Length];
        var values = new float[rows.Length];
        var seconds = new long[rows.Length];
        for (int i = 0; i < rows.Length; i++)
        {
            items[i] = table.ItemIndex[rows[i]];
            types[i] = table.Types[rows[i]];
            values[i] = table.Values[rows[i]];
            seconds[i] = table.Seconds[rows[i]];
        }
        return new UserHistory(user, items, types, values, seconds);
    }

    /// <summary>Distinct items of <paramref name="rows"/>, ascending.</summary>
    public static int[] DistinctItems(EventTable table, IEnumerable<int> rows)
    {
        var set = new SortedSet<int>();
        foreach (var r in rows) set.Add(table.ItemIndex[r]);
        return [.. set];
    }
}
