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
}
