using Strata.Core.Domain;

namespace Strata.Storage;

/// <summary>
/// The item catalogue and the known users. Items keep every field faithfully (text fields, category path, tags,
/// attributes), so <see cref="GetItemAsync"/> returns exactly what was upserted.
/// </summary>
public interface ICatalogStore
{
    /// <summary>Inserts new items and replaces existing ones (matched by external id), in one transaction.</summary>
    Task UpsertItemsAsync(IEnumerable<Item> items, CancellationToken cancellationToken = default);

    /// <summary>Inserts new users and replaces the attributes of existing ones, in one transaction.</summary>
    Task UpsertUsersAsync(IEnumerable<User> users, CancellationToken cancellationToken = default);

    /// <summary>The item with this external id, or null.</summary>
    Task<Item?> GetItemAsync(string itemId, CancellationToken cancellationToken = default);

    /// <summary>The user with this external id, or null.</summary>
    Task<User?> GetUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Every item in a stable order: the order in which items first entered the store.</summary>
    IAsyncEnumerable<Item> ReadItemsAsync(CancellationToken cancellationToken = default);

    /// <summary>How many items and users the store holds.</summary>
    Task<CatalogCounts> CountCatalogAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// At most <paramref name="limit"/> items whose id comes after <paramref name="afterId"/> (null: from the first) in the
    /// store's id order (byte order of the stored id), each with its hidden flag. Paging by the last id seen visits every
    /// item once, whatever is upserted meanwhile.
    /// </summary>
    Task<IReadOnlyList<CatalogItem>> ReadItemsPageAsync(string? afterId, int limit, CancellationToken cancellationToken = default);

    /// <summary>At most <paramref name="limit"/> users whose id comes after <paramref name="afterId"/>, in the store's id order.</summary>
    Task<IReadOnlyList<User>> ReadUsersPageAsync(string? afterId, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets an item's hidden flag: a hidden item keeps its events but is never recommended. Upserts leave the flag as it
    /// is. False when the catalogue does not hold the item.
    /// </summary>
    Task<bool> SetItemHiddenAsync(string itemId, bool hidden, CancellationToken cancellationToken = default);

    /// <summary>The ids of every hidden item, in store order.</summary>
    Task<IReadOnlyList<string>> ReadHiddenItemsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Hides items from one user's recommendations (creating the user if the store has not seen them); hiding an item twice
    /// is no change. All or nothing.
    /// </summary>
    /// <exception cref="RejectedEventException">An item is not in the catalogue (<c>Index</c> is its position); nothing is written.</exception>
    Task HideItemsForUserAsync(string userId, IReadOnlyList<string> itemIds, CancellationToken cancellationToken = default);

    /// <summary>The items one user has hidden, in id order; empty for an unknown user.</summary>
    Task<IReadOnlyList<string>> ReadHiddenItemsForUserAsync(string userId, CancellationToken cancellationToken = default);
}
