using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Strata.Core;
using Strata.Core.Domain;
using Strata.Engine;
using Strata.Interests.Profiles;
using Strata.Recommend;
using Strata.Server;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Tests.Commands;

/// <summary>
/// One engine for every host: with one store and one set of settings, <c>strata recommend</c>, the HTTP API and the
/// lists <c>strata eval</c> scores are the same items in the same order; <c>strata fit</c> saves the model that the
/// others load; <c>recommend --all</c> exports every user, and no explanation anywhere cites an event that weighs nothing
/// or less.
/// </summary>
public sealed class EngineParityTests : IAsyncLifetime
{
    private const string ApiKey = "parity-key-0123456789abcdef";
    private readonly TempDirectory _directory = new();

    /// <summary>A quick model and a small tree: what is tested is the composition, not the model.</summary>
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Strata:Model:Kind"] = "ease",
        ["Strata:Model:EaseLambda"] = "500",
        ["Strata:Taxonomy:MacroNodes"] = "8",
        ["Strata:Taxonomy:MaxMesoPerMacro"] = "6",
        ["Strata:Embeddings:VectorCachePath"] = Path.Combine(AppContext.BaseDirectory, "strata-test-vectors.db"),
    };

    private static Dictionary<string, string> Environment => Settings.ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value);

    private string Database => _directory.File("parity.db");

    public async Task InitializeAsync()
    {
        var import = await StrataProcess.RunAsync("import", "--format", "movielens-100k", "--path", DataDirectory.Dataset("ml-100k"), "--db", Database, "--json");
        Assert.Equal(0, import.ExitCode);
        var fit = await StrataProcess.RunAsync(Environment, "fit", "--db", Database, "--json");
        Assert.True(fit.ExitCode == 0, fit.Stderr);
        Assert.True(File.Exists(Database + ".model"), "strata fit saved no model");
    }

    [Fact]
    public async Task Cli_http_and_evaluation_lists_are_the_same_items_in_the_same_order()
    {
        string[] users = ["1", "7", "405"];
        var cli = new Dictionary<(string, double), string[]>();
        foreach (var user in users)
            foreach (var diversity in new[] { 0.0, 0.3 })
            {
                var run = await StrataProcess.RunAsync(Environment, "recommend", "--db", Database, "--user", user, "--n", "10",
                    "--diversity", diversity.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
                Assert.True(run.ExitCode == 0, run.Stderr);
                var json = JsonDocument.Parse(run.Stdout).RootElement;
                Assert.Equal("saved", json.GetProperty("model").GetString()); // loaded what fit saved, not refitted
                cli[(user, diversity)] = [.. json.GetProperty("recommendations").EnumerateArray().Select(r => r.GetProperty("item_id").GetString()!)];
            }

        await using (var app = StrataServer.Build(["--urls", "http://127.0.0.1:0", $"--Strata:Database={Database}", $"--Strata:ApiKey={ApiKey}",
                         .. Settings.Select(kv => $"--{kv.Key}={kv.Value}")]))
        {
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
            await WaitReadyAsync(client);
            foreach (var ((user, diversity), expected) in cli)
            {
                var response = await client.GetFromJsonAsync<JsonElement>($"/users/{user}/recommendations?n=10&diversity={diversity.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
                Assert.Equal(expected, response.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!).ToArray());
            }
            await app.StopAsync();
        }

        // What strata eval does with a model: score every item, drop the user's own, take the best k (Evaluation.Harness.TopK).
        var options = EngineOptions.Bind(new ConfigurationBuilder().AddInMemoryCollection(Settings!).Build());
        var engine = new StrataEngine(options, Strata.Embeddings.EmbeddingGeneratorFactory.Create(options.Embeddings));
        await using var store = SqliteStore.Open(Database);
        var fitted = await engine.FitAsync(store, store, store, new SavedModels(Database + ".model", Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance), reuseSavedModel: true);
        Assert.True(fitted.FromSavedModel);
        var histories = UserHistories.From(fitted.Log.Events);
        foreach (var user in users)
        {
            var history = histories[fitted.Log.Events.Users.IndexOf(user)];
            var scores = new float[fitted.Catalogue.Items.Count];
            fitted.Model.Score(history, scores);
            var excluded = new bool[scores.Length];
            foreach (var item in history.Items) excluded[item] = true;
            var top = new int[10];
            var found = Strata.Evaluation.Harness.TopK.Select(scores, excluded, top);
            Assert.Equal(cli[(user, 0.0)], top[..found].Select(i => fitted.Catalogue.Items[i].Id).ToArray());
        }
    }

    [Fact]
    public async Task Recommend_all_exports_every_user_and_no_explanation_cites_an_event_that_weighs_nothing_or_less()
    {
        var output = _directory.File("recs.jsonl");
        var run = await StrataProcess.RunAsync(Environment, "recommend", "--db", Database, "--all", "--out", output, "--json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(943, lines.Length);

        // The latest event of each (user, item) is the one an explanation stands for.
        var latest = new Dictionary<(string, string), Event>();
        await using (var store = SqliteStore.Open(Database))
            await foreach (var stored in store.ReadSinceAsync())
                if (stored.Event.ItemId is { } item) latest[(stored.Event.UserId, item)] = stored.Event;
        var weights = EventWeights.Default;
        int reasons = 0;
        foreach (var line in lines)
        {
            var json = JsonDocument.Parse(line).RootElement;
            var user = json.GetProperty("user").GetString()!;
            var items = json.GetProperty("recommendations").EnumerateArray().ToList();
            Assert.Equal(10, items.Count);
            foreach (var reason in items.SelectMany(i => i.GetProperty("because").EnumerateArray()))
            {
                var cited = latest[(user, reason.GetProperty("item_id").GetString()!)];
                Assert.True(weights.Weigh(cited) > 0, $"user {user}: {cited.Type} {cited.Value} on {cited.ItemId} was given as a reason");
                reasons++;
            }
        }
        Assert.True(reasons > 943, "explanations should name events");
    }

    [Fact]
    public async Task An_unknown_user_is_an_error_with_exit_code_2_unless_a_cold_start_list_is_asked_for()
    {
        var unknown = await StrataProcess.RunAsync(Environment, "recommend", "--db", Database, "--user", "99999", "--json");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("99999", unknown.Stderr);
        Assert.Contains("--cold-start", unknown.Stderr);
        var cold = await StrataProcess.RunAsync(Environment, "recommend", "--db", Database, "--user", "99999", "--cold-start", "--json");
        Assert.Equal(0, cold.ExitCode);
        Assert.False(JsonDocument.Parse(cold.Stdout).RootElement.GetProperty("known_user").GetBoolean());
    }

    [Fact]
    public async Task A_bad_setting_stops_fit_and_serve_at_start_naming_its_key()
    {
        var environment = new Dictionary<string, string>(Environment) { ["Strata__Interests__HalfLife"] = "-1.00:00:00" };
        var fit = await StrataProcess.RunAsync(environment, "fit", "--db", Database);
        Assert.Equal(2, fit.ExitCode);
        Assert.Contains("Strata:Interests:HalfLife", fit.Stderr);
        // A fit over the memory budget stops before it starts, naming the budget's key.
        var budget = await StrataProcess.RunAsync(new Dictionary<string, string>(Environment) { ["Strata__Model__MemoryBudget"] = "64KB" }, "fit", "--db", Database);
        Assert.Equal(2, budget.ExitCode);
        Assert.Contains("Strata:Model:MemoryBudget", budget.Stderr);
        var kind = await StrataProcess.RunAsync(new Dictionary<string, string>(Environment) { ["Strata__Model__Kind"] = "magic" }, "recommend", "--db", Database, "--user", "1");
        Assert.Equal(2, kind.ExitCode);
        Assert.Contains("Strata:Model:Kind", kind.Stderr);
        var serve = Assert.Throws<ServerConfigurationException>(() => StrataServer.Build(["--urls", "http://127.0.0.1:0", $"--Strata:Database={Database}",
            $"--Strata:ApiKey={ApiKey}", "--Strata:Taxonomy:MaxMacroShare=7"]));
        Assert.Contains("Strata:Taxonomy:MaxMacroShare", serve.Message);
    }

    private static async Task WaitReadyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            if ((await client.GetAsync("/health/ready")).IsSuccessStatusCode) return;
            await Task.Delay(100);
        }
        throw new TimeoutException(await client.GetStringAsync("/health/ready"));
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
