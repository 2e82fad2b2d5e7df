using Strata.Core.Domain;
using Strata.Recommend;
using Strata.Recommend.Diversity;
using Strata.Storage.Privacy;

namespace Strata.Engine;

/// <summary>
/// Explained lists for the users of a fitted model's log, by the ids people know them by (mapped through the store's
/// pseudonyms when they are on): what <c>strata recommend</c> prints and exports.
/// </summary>
public sealed class UserLists(FittedModel fitted, Pseudonymizer pseudonyms)
{
    private readonly UserHistory[] _histories = UserHistories.From(fitted.Log.Events);

    /// <summary>Every user of the log, as stored (pseudonyms when the store is pseudonymised).</summary>
    public IReadOnlyList<string> Users => fitted.Log.Events.Users.Ids;

    public bool Knows(string userId) => fitted.Log.Events.Users.TryGetIndex(pseudonyms.User(userId), out _);

    /// <summary>Events of the user on catalogue items (0 for an unknown user).</summary>
    public int HistoryLength(string userId) => History(userId).Count;

    /// <summary>The user's explained top-n (an unknown user's is the cold-start list).</summary>
    public IReadOnlyList<ExplainedItem> For(string userId, int n, DiversityOptions diversity)
    {
        var catalog = fitted.Catalogue.Items;
        return fitted.Recommender.Recommend(History(userId), n, diversity, []).Select(r => new ExplainedItem(
            catalog[r.Item].Id, catalog[r.Item].Title, r.Score, r.Explanation.Macro, r.Explanation.Meso,
            r.Explanation.Events.Select(e => new ExplainedReason(catalog[e.Item].Id, catalog[e.Item].Title, e.Type.Name(),
                DateTimeOffset.FromUnixTimeSeconds(e.Seconds), e.Contribution, e.SameInterest)).ToArray())).ToArray();
    }

    private UserHistory History(string userId) =>
        fitted.Log.Events.Users.TryGetIndex(pseudonyms.User(userId), out var user) ? _histories[user] : UserHistory.OfItems(-1);
}

/// <summary>One recommended item with its interest path and the user's events behind it.</summary>
public sealed record ExplainedItem(string ItemId, string Title, float Score, string Macro, string Meso, IReadOnlyList<ExplainedReason> Because)
{
    public string Path => $"{Macro} › {Meso}";
}

/// <summary>A user's own event that carries a recommendation.</summary>
public sealed record ExplainedReason(string ItemId, string Title, string EventType, DateTimeOffset Timestamp, float Contribution, bool SameInterest);
