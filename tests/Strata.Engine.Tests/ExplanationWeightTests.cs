using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Strata.Core;
using Strata.Data;
using Strata.Recommend.Diversity;
using Strata.Storage.Privacy;
using Strata.Storage.Sqlite;

namespace Strata.Engine.Tests;

/// <summary>
/// No explanation names, as a reason for a recommendation, an event whose weight is zero or negative: over every ml-100k
/// user, a film rated 1 or 2 stars (weight (r − 2) × 0.5 ≤ 0) is never "because of". The CLI, the server and evaluation
/// serve these same lists (parity test), so this holds in every host.
/// </summary>
public sealed class ExplanationWeightTests
{
    [Fact]
    public async Task No_explanation_names_an_event_of_zero_or_negative_weight()
    {
        using var directory = new TempDirectory();
        await using var store = SqliteStore.Open(directory.File("ml-100k.db"));
        var reader = DatasetReaders.Open("movielens-100k", DataDirectory.Dataset("ml-100k"));
        await store.ImportAsync(new Strata.Storage.ImportSource(reader.ReadItems(), reader.ReadUsers(), reader.ReadEvents()));
        var options = EngineOptions.Bind(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Strata:Model:Kind"] = "ease",
            ["Strata:Model:EaseLambda"] = "500",
            ["Strata:Taxonomy:MacroNodes"] = "8",
            ["Strata:Taxonomy:MaxMesoPerMacro"] = "6",
            ["Strata:Embeddings:VectorCachePath"] = Path.Combine(AppContext.BaseDirectory, "engine-test-vectors.db"),
        }).Build());
        using var generator = Strata.Embeddings.EmbeddingGeneratorFactory.Create(options.Embeddings);
        var engine = new StrataEngine(options, generator);
        var fitted = await engine.FitAsync(store, store, store, new SavedModels(null, NullLogger.Instance), reuseSavedModel: false);

        // Each ml-100k user rates a film once: the weight of (user, film) is that rating's.
        var weights = new Dictionary<(string User, string Item), float>();
        var table = fitted.Log.Events;
        for (int r = 0; r < table.Count; r++)
            weights[(table.Users.Ids[table.UserIndex[r]], table.Items.Ids[table.ItemIndex[r]])] = engine.Weights.Weigh(table.Types[r], table.Values[r]);
        Assert.Contains(weights.Values, w => w <= 0); // the property is not vacuous: low ratings exist.

        var lists = new UserLists(fitted, new Pseudonymizer(null));
        int reasons = 0;
        foreach (var user in lists.Users)
            foreach (var item in lists.For(user, 10, new DiversityOptions()))
                foreach (var reason in item.Because)
                {
                    reasons++;
                    Assert.True(weights[(user, reason.ItemId)] > 0,
                        $"user {user}: {item.Title} is explained by {reason.Title}, an event of weight {weights[(user, reason.ItemId)]}");
                }
        Assert.True(reasons > 943 * 10, $"only {reasons} reasons over 943 users");
    }
}
