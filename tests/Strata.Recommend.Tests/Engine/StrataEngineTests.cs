using Strata.Core.Domain;
using Strata.Recommend.Collaborative;
using Strata.Recommend.Diversity;
using Strata.Recommend.Engine;
using Strata.Recommend.Fusion;
using Strata.Recommend.Tests.Support;
using Strata.Storage.Sqlite;

namespace Strata.Recommend.Tests.Engine;

public sealed class StrataEngineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("strata-engine-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly StrataEngineOptions Options = new()
    {
        EmbeddingModel = "none",
        Model = new StrataOptions
        {
            CandidatesPerSource = 6,
            Validation = new() { HoldoutFraction = 0.3, MinimumItems = 3 },
            Edlae = new EaseOptions { DropoutProbability = 0.33, Lambda = 1 },
            ItemKnn = new ItemKnnOptions { Neighbours = 10 },
            Bpr = new BprOptions { Factors = 8, Epochs = 50, Threads = 1 },
        },
    };

    private async Task<SqliteStore> CheckerboardStoreAsync()
    {
        var store = SqliteStore.Open(Path.Combine(_folder, "strata.db"));
        var data = Checkerboard.Create();
        await store.UpsertItemsAsync(Enumerable.Range(0, Checkerboard.Items).Select(i =>
            new Item($"i{i}", $"Item {i}", [i % 2 == 0 ? "Even" : "Odd", i < 10 ? "Low" : "High"], [], Item.Empty, Item.Empty)));
        var events = new List<Event>();
        for (int r = 0; r < data.Train.Count; r++)
            events.Add(new Event(data.Users[data.Train.UserIndex[r]], data.Items[data.Train.ItemIndex[r]], EventType.Click,
                DateTimeOffset.FromUnixTimeSeconds(data.Train.Seconds[r])));
        await store.AppendAsync(events);
        return store;
    }

    [Fact]
    public async Task Fits_from_a_store_and_returns_explained_recommendations()
    {
        using var store = await CheckerboardStoreAsync();
        var engine = await StrataEngine.FitAsync(store, store, Options);
        var top = engine.Recommend("u4", 3);
        Assert.Equal(3, top.Count);
        Assert.Equal("i4", top[0].ItemId);
        Assert.Equal("Even › Even / Low", top[0].Path);
        Assert.NotEmpty(top[0].Because);
        Assert.All(top[0].Because, b => Assert.True(b.Contribution > 0));
        Assert.DoesNotContain(top, r => engine.HistoryOf("u4").Items.Contains(engine.Items.IndexOf(r.ItemId)));
    }

    [Fact]
    public async Task An_unknown_user_gets_a_list_without_history_reasons()
    {
        using var store = await CheckerboardStoreAsync();
        var engine = await StrataEngine.FitAsync(store, store, Options);
        var top = engine.Recommend("nobody", 5);
        Assert.Equal(5, top.Count);
        Assert.All(top, r => Assert.Empty(r.Because));
    }

    [Fact]
    public async Task Full_diversity_spreads_the_list_over_the_users_interests()
    {
        using var store = await CheckerboardStoreAsync();
        var engine = await StrataEngine.FitAsync(store, store, Options);
        // A history split evenly between Even/Low and Even/High, with unseen items left in both.
        var history = UserHistory.OfItems(-1, [.. new[] { "i2", "i4", "i12", "i14" }.Select(engine.Items.IndexOf)]);
        var diverse = engine.Pipeline.Recommend(history, 4, new DiversityOptions { Strength = 1 });
        Assert.Equal(2, diverse.Count(r => r.Explanation.Meso == "Even / Low"));
        Assert.Equal(2, diverse.Count(r => r.Explanation.Meso == "Even / High"));
    }

    [Fact]
    public async Task An_empty_store_is_a_clear_error()
    {
        using var store = SqliteStore.Open(Path.Combine(_folder, "empty.db"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StrataEngine.FitAsync(store, store, Options));
        Assert.Contains("no events", error.Message);
    }
}
