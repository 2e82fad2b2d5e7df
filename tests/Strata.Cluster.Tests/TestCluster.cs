using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Strata.Core;
using Strata.Core.Domain;
using Strata.Data;
using Strata.Server.Serving;
using Strata.Storage;
using Strata.Storage.Postgres;
using Strata.Storage.Tests.Postgres;

namespace Strata.Cluster.Tests;

/// <summary>
/// A real cluster on 127.0.0.1: three Strata servers (Kestrel + Orleans silo each, in this process, each with its own
/// silo port) over one fresh PostgreSQL database holding a slice of MovieLens 100K.
/// </summary>
internal sealed class TestCluster : IAsyncDisposable
{
    public const string ApiKey = "cluster-test-key-0123456789";

    // A slice of ml-100k small enough for a fit in seconds: the first 300 movies and the first 200 users' ratings of them.
    private const int Movies = 300;
    private const int People = 200;

    private readonly string _clusterId = "test" + Guid.NewGuid().ToString("N")[..12];
    private readonly TempDirectory _directory = new();

    private TestCluster(TestDatabase database) => Database = database;

    public TestDatabase Database { get; }

    public List<Silo> Silos { get; } = [];

    /// <summary>One vector cache for every silo of every test (kept beside the test binaries): the slice is embedded once per build output.</summary>
    private static string VectorCache => Path.Combine(AppContext.BaseDirectory, "strata-cluster-test-vectors.db");

    public static async Task<TestCluster> StartAsync(params string[] names)
    {
        var cluster = new TestCluster(new TestDatabase());
        try
        {
            await ImportSliceAsync(cluster.Database.ConnectionString);
            // The first silo embeds the catalogue (filling the shared vector cache); the others then start together from the cache.
            cluster.Silos.Add(await cluster.StartSiloAsync(names[0]));
            cluster.Silos.AddRange(await Task.WhenAll(names.Skip(1).Select(cluster.StartSiloAsync)));
            foreach (var silo in cluster.Silos) await silo.WaitForMembersAsync(names.Length);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static async Task ImportSliceAsync(string connectionString)
    {
        await using var store = PostgresStore.Open(connectionString);
        var reader = DatasetReaders.Open("movielens-100k", DataDirectory.Dataset("ml-100k"));
        var items = reader.ReadItems().Where(i => int.Parse(i.Id) <= Movies).ToList();
        var users = reader.ReadUsers().Where(u => int.Parse(u.Id) <= People).ToList();
        var events = reader.ReadEvents().Where(e => int.Parse(e.ItemId!) <= Movies && int.Parse(e.UserId) <= People).ToList();
        await store.ImportAsync(new ImportSource(items, users, events));
    }

    private async Task<Silo> StartSiloAsync(string name)
    {
        string[] arguments =
        [
            "--urls", "http://127.0.0.1:0",
            $"--Strata:ApiKey={ApiKey}",
            $"--Strata:Cluster:ConnectionString={Database.ConnectionString}",
            $"--Strata:Cluster:ClusterId={_clusterId}",
            $"--Strata:Cluster:SiloName={name}",
            $"--Strata:Cluster:SiloPort={FreePort()}",
            // A dead silo is declared dead within seconds (defaults take about a minute), and calls to it give up soon;
            // not faster, so that a silo starved of CPU by other test assemblies on 2 cores is not voted dead by mistake.
            "--Strata:Cluster:Membership:ProbeTimeout=00:00:02",
            "--Strata:Cluster:Membership:NumMissedProbesLimit=3",
            "--Strata:Cluster:Membership:NumVotesForDeathDeclaration=2",
            "--Strata:Cluster:Membership:TableRefreshTimeout=00:00:02",
            "--Strata:Cluster:Membership:IAmAliveTablePublishTimeout=00:00:05",
            "--Strata:Cluster:Messaging:ResponseTimeout=00:00:10",
            "--Strata:Cluster:NotifyTimeout=00:00:05",
            $"--Strata:Serving:ModelPath={Path.Combine(_directory.Path, name, "model")}",
            $"--Strata:Embeddings:VectorCachePath={VectorCache}",
            // As the server's tests: a small fixed taxonomy and EASE with a fixed λ, so a fit takes seconds.
            "--Strata:Taxonomy:MacroNodes=6",
            "--Strata:Taxonomy:MaxMesoPerMacro=4",
            "--Strata:Model:Kind=ease",
            "--Strata:Model:EaseLambda=500",
            "--Strata:RateLimit:PermitLimit=0",
            "--Strata:CompactAfterErasure=false",
            "--Logging:LogLevel:Default=Warning",
        ];
        var app = Server.StrataServer.Build(arguments);
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var silo = new Silo(name, app, client);
        await silo.WaitReadyAsync();
        return silo;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs one query on the cluster's database and returns its first value.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (parameter, value) in parameters) command.Parameters.AddWithValue(parameter, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Stops a silo the hard way: no graceful leave (its membership row stays active until the others vote it dead).</summary>
    public async Task KillAsync(Silo silo)
    {
        await silo.App.StopAsync(new CancellationToken(canceled: true));
        await silo.App.DisposeAsync();
        silo.Client.Dispose();
        silo.Killed = true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos.Where(s => !s.Killed))
        {
            silo.Client.Dispose();
            try
            {
                using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await silo.App.StopAsync(stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
            }
            await silo.App.DisposeAsync();
        }
        // Npgsql pools keep connections to the database open; drop it with them.
        NpgsqlConnection.ClearAllPools();
        Database.Dispose();
        _directory.Dispose();
    }
}

internal sealed class Silo(string name, WebApplication app, HttpClient client)
{
    public string Name { get; } = name;

    public WebApplication App { get; } = app;

    public HttpClient Client { get; } = client;

    public bool Killed { get; set; }

    public ServingHost Host => App.Services.GetRequiredService<ServingHost>();

    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();

    public async Task WaitReadyAsync()
    {
        // A bound on how long a start may take, not a timing assertion: the body says why when it never gets ready.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Client.GetAsync("/health/ready");
            if (response.IsSuccessStatusCode) return;
            await Task.Delay(100);
        }
        throw new TimeoutException($"{Name} never became ready: " + await Client.GetStringAsync("/health/ready"));
    }

    /// <summary>Waits until this silo's view of membership has exactly <paramref name="active"/> active silos.</summary>
    public async Task WaitForMembersAsync(int active)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        string last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await Client.GetStringAsync("/cluster");
            using var document = JsonDocument.Parse(last);
            var count = document.RootElement.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Active");
            if (count == active) return;
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} never saw {active} active silos: {last}");
    }

    public async Task<List<string>> RecommendedItemsAsync(string user, int n = 10)
    {
        using var response = await Client.GetAsync($"/users/{user}/recommendations?n={n}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{Name}: {(int)response.StatusCode} {body}");
        using var document = JsonDocument.Parse(body);
        return [.. document.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!)];
    }

    public async Task<HttpResponseMessage> PostEventAsync(string user, string item, string type, string key, CancellationToken cancellationToken = default) =>
        await Client.PostAsJsonAsync("/events", new { events = new[] { new { userId = user, itemId = item, type, value = type == "rating" ? 5.0 : (double?)null, idempotencyKey = key } } },
            cancellationToken);
}
