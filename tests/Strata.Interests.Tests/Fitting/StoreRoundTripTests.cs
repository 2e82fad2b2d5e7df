using Strata.Engine;
using Strata.Core.Domain;
using Strata.Interests.Fitting;
using Strata.Interests.Profiles;
using Strata.Interests.Tests.Support;
using Strata.Storage.Sqlite;

namespace Strata.Interests.Tests.Fitting;

/// <summary>The taxonomy and the event log through a real SQLite store in a temp folder.</summary>
public sealed class StoreRoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("strata-interests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Taxonomy_is_saved_as_successive_versions_and_loads_back_identical()
    {
        await using var store = SqliteStore.Open(Path.Combine(_folder, "s.db"));
        Assert.Null(await TaxonomyArtifacts.LoadAsync(store));
        var first = await TaxonomyArtifacts.SaveAsync(store, SyntheticCatalog.Instance.Taxonomy);
        var second = await TaxonomyArtifacts.SaveAsync(store, SyntheticCatalog.Instance.Taxonomy);
        Assert.Equal(first.Version + 1, second.Version);
        var loaded = await TaxonomyArtifacts.LoadAsync(store);
        Assert.Equal(second.Version, loaded!.Version);
        Assert.Equal(SyntheticCatalog.Instance.Taxonomy.Fingerprint(), loaded.Fingerprint());
        Assert.Equal(first.Version, (await TaxonomyArtifacts.LoadAsync(store, first.Version))!.Version);
    }

    [Fact]
    public async Task Event_log_loads_into_a_table_over_the_tree_and_skips_unknown_items()
    {
        var catalog = SyntheticCatalog.Instance;
        await using var store = SqliteStore.Open(Path.Combine(_folder, "e.db"));
        var t = DateTimeOffset.FromUnixTimeSeconds(1_500_000_000);
        // The store holds an item the tree was not built over (added to the catalogue after the fit).
        await store.UpsertItemsAsync([catalog.Items[3], catalog.Items[200], Item.Create("not-in-the-tree", "Added later")]);
        await store.AppendAsync(
        [
            new Event("a", catalog.Items[3].Id, EventType.Click, t),
            new Event("a", "not-in-the-tree", EventType.Click, t),
            new Event("b", catalog.Items[200].Id, EventType.Rating, t.AddDays(1), 5),
        ]);
        var table = await EventTableLoader.ReadAsync(store, catalog.Taxonomy.Items);
        Assert.Equal(2, table.Count);
        var profiles = ProfileSet.Rebuild(table, catalog.Taxonomy);
        Assert.Equal(1, profiles.Find("a")!.EventCount);
        Assert.Equal(1, profiles.Find("b")!.EventCount);
        Assert.Equal(catalog.Taxonomy.PathOf(200).Meso, profiles.Find("b")!.MultiInterest(1)[0].NodeId);
    }
}
