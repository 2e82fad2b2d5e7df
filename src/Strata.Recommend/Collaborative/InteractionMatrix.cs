using Strata.Core.Domain;
using Strata.Core.Interactions;
using Strata.Interests.Profiles;

namespace Strata.Recommend.Collaborative;

/// <summary>
/// The binary implicit-feedback matrix X (users × items) every collaborative model fits on: X[u,i] = 1 when user u
/// has at least one positive event on item i, as the event weights say (<see cref="EventWeights.IsPositive"/>: by default
/// every type of positive weight, and a rating of any value, as in Microsoft Recommenders' implicit protocols). Stored twice, by user (CSR) and by item (CSC),
/// with sorted, distinct indices.
/// </summary>
public sealed class InteractionMatrix
{
    private InteractionMatrix(int users, int items, int[] userOffsets, int[] userItems, int[] itemOffsets, int[] itemUsers)
    {
        UserCount = users; ItemCount = items;
        UserOffsets = userOffsets; UserItems = userItems; ItemOffsets = itemOffsets; ItemUsers = itemUsers;
    }

    public int UserCount { get; }
    public int ItemCount { get; }

    /// <summary>Items of user u are <c>UserItems[UserOffsets[u]..UserOffsets[u+1]]</c>, ascending.</summary>
    public int[] UserOffsets { get; }
    public int[] UserItems { get; }

    /// <summary>Users of item i are <c>ItemUsers[ItemOffsets[i]..ItemOffsets[i+1]]</c>, ascending.</summary>
    public int[] ItemOffsets { get; }
    public int[] ItemUsers { get; }

    /// <summary>Number of non-zero entries.</summary>
    public int Count => UserItems.Length;

    public ReadOnlySpan<int> ItemsOf(int user) => UserItems.AsSpan(UserOffsets[user], UserOffsets[user + 1] - UserOffsets[user]);
    public ReadOnlySpan<int> UsersOf(int item) => ItemUsers.AsSpan(ItemOffsets[item], ItemOffsets[item + 1] - ItemOffsets[item]);
    public int ItemDegree(int item) => ItemOffsets[item + 1] - ItemOffsets[item];
    public int UserDegree(int user) => UserOffsets[user + 1] - UserOffsets[user];

    /// <summary>Builds X from an event table (catalogue size = <c>table.Items.Count</c>) with the positive events of <paramref name="feedback"/>.</summary>
    public static InteractionMatrix From(EventTable table, EventWeights feedback)
    {
        var pairs = new List<long>(table.Count);
        for (int r = 0; r < table.Count; r++)
            if (table.ItemIndex[r] >= 0 && feedback.IsPositive(table.Types[r], table.Values[r]))
                pairs.Add(((long)table.UserIndex[r] << 32) | (uint)table.ItemIndex[r]);
        return FromPairs(table.Users.Count, table.Items.Count, pairs);
    }

    /// <summary>Builds X from (user &lt;&lt; 32 | item) keys; duplicates collapse to one entry.</summary>
    public static InteractionMatrix FromPairs(int users, int items, List<long> pairs)
    {
        var keys = pairs.ToArray();
        Array.Sort(keys);
        int distinct = 0;
        for (int r = 0; r < keys.Length; r++)
            if (r == 0 || keys[r] != keys[r - 1]) keys[distinct++] = keys[r];

        var userOffsets = new int[users + 1];
        var userItems = new int[distinct];
        var itemOffsets = new int[items + 1];
        for (int r = 0; r < distinct; r++)
        {
            userOffsets[(int)(keys[r] >> 32) + 1]++;
            itemOffsets[(int)keys[r] + 1]++;
            userItems[r] = (int)keys[r];
        }
        for (int u = 0; u < users; u++) userOffsets[u + 1] += userOffsets[u];
        for (int i = 0; i < items; i++) itemOffsets[i + 1] += itemOffsets[i];

        var itemUsers = new int[distinct];
        var cursor = itemOffsets.AsSpan(0, items).ToArray();
        for (int r = 0; r < distinct; r++) itemUsers[cursor[(int)keys[r]]++] = (int)(keys[r] >> 32);
        return new InteractionMatrix(users, items, userOffsets, userItems, itemOffsets, itemUsers);
    }

    /// <summary>
    /// Co-occurrence counts of one item with every item (row i of XᵀX) into <paramref name="counts"/>, which must be zero on entry.
    /// </summary>
    public void CooccurrenceRow(int item, Span<int> counts)
    {
        foreach (var user in UsersOf(item))
            foreach (var other in ItemsOf(user))
                counts[other]++;
    }
}
