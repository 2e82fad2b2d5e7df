using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Data.Synthetic;
using Strata.Storage.Sqlite;

namespace Strata.Engine.Tests;

/// <summary>
/// A small seeded synthetic shop (topics with their own vocabulary, users with a few interests that drift) in a real
/// SQLite file, with its items' categories removed: a text-only catalogue, whose interest tree can come only from the
/// encoder. Shared by the engine tests (xunit collection fixture).
/// </summary>
public sealed class SyntheticStore : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public SyntheticShop Shop { get; } = new(new SyntheticShopOptions { Items = 400, Users = 150, Events = 6_000, Topics = 8, Seed = 5 });

    public SqliteStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Store = SqliteStore.Open(_directory.File("shop.db"));
        await Store.ImportAsync(new Strata.Storage.ImportSource(Shop.Items().Select(i => i with { Categories = [] }), Shop.Users(), Shop.Events()));
    }

    /// <summary>The engine under these settings (plus a small tree and a shared vector cache).</summary>
    public StrataEngine Engine(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Strata:Taxonomy:MacroNodes"] = "4",
            ["Strata:Taxonomy:MaxMesoPerMacro"] = "4",
            ["Strata:Model:EaseLambda"] = "100",
            ["Strata:Embeddings:VectorCachePath"] = Path.Combine(AppContext.BaseDirectory, "engine-test-vectors.db"),
        };
        foreach (var (key, value) in settings) all[key] = value;
        var options = EngineOptions.Bind(new ConfigurationBuilder().AddInMemoryCollection(all).Build());
        return new StrataEngine(options, Strata.Embeddings.EmbeddingGeneratorFactory.Create(options.Embeddings));
    }

    public Task<FittedModel> FitAsync(StrataEngine engine) =>
        engine.FitAsync(Store, Store, Store, new SavedModels(null, NullLogger.Instance), reuseSavedModel: false);

    public Task DisposeAsync()
    {
        Store.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class SyntheticStoreCollection : ICollectionFixture<SyntheticStore>
{
    public const string Name = "synthetic store";
}
