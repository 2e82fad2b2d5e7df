using Microsoft.Extensions.Logging.Abstractions;
using Strata.Storage.Sqlite;

namespace Strata.Engine.Tests;

/// <summary>
/// The log is read beside the catalogue's embedding: a fit that fails or is cancelled on the way must still end with the
/// first failure (not the read's, and not a hang waiting for it).
/// </summary>
[Collection(SyntheticStoreCollection.Name)]
public sealed class FitFailureTests(SyntheticStore shop)
{
    [Fact]
    public async Task An_empty_catalogue_is_a_clear_error_from_the_fit()
    {
        using var directory = new TempDirectory();
        using var store = SqliteStore.Open(directory.File("empty.db"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            shop.Engine().FitAsync(store, store, store, new SavedModels(null, NullLogger.Instance), reuseSavedModel: false));
        Assert.Contains("holds no items", error.Message);
    }

    [Fact]
    public async Task A_cancelled_fit_ends_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            shop.Engine().FitAsync(shop.Store, shop.Store, shop.Store, new SavedModels(null, NullLogger.Instance), reuseSavedModel: false,
                cancellationToken: cancel.Token));
    }
}
