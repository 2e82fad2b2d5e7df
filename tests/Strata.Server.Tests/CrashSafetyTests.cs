using System.Collections.Concurrent;
using System.Net.Http.Json;
using Strata.Core.Interactions;
using Strata.Interests.Profiles;
using Strata.Interests.Taxonomies;
using Strata.Server.Tests.Infrastructure;
using Strata.Storage.Sqlite;

namespace Strata.Server.Tests;

/// <summary>
/// The real <c>strata serve</c> process, killed with SIGKILL while events stream in. The model is popularity: what is
/// under test is the log and the profiles rebuilt from it, and a fast fit keeps the two starts short.
/// </summary>
public sealed class CrashSafetyTests
{
    private const int Users = 12;

    [Fact]
    public async Task After_a_sigkill_every_acknowledged_event_is_stored_once_and_restarted_profiles_equal_the_log()
    {
        var directory = TempDirectory.UntilExit();
        var database = await TestData.ImportMovieLens100kAsync(directory);
        var acknowledged = new ConcurrentBag<string>();
        var sent = 0;

        await using (var server = await ServerProcess.StartAsync(database, TestData.ServerEnvironment(model: "pop")))
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            client.DefaultRequestHeaders.Add("X-Api-Key", TestData.ApiKey);
            await server.WaitReadyAsync(client);

            using var stop = new CancellationTokenSource();
            var posters = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
            {
                var random = new Random(worker);
                for (int batch = 0; !stop.IsCancellationRequested; batch++)
                {
                    var keys = Enumerable.Range(0, 5).Select(i => $"crash-{worker}-{batch}-{i}").ToArray();
                    var events = keys.Select(key => Wire.Rating($"crash-user-{random.Next(Users)}", random.Next(1, 1683).ToString(), random.Next(1, 6), key,
                        new DateTimeOffset(1998, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(Interlocked.Increment(ref sent)))).ToArray();
                    try
                    {
                        using var response = await client.PostAsJsonAsync("/events", Wire.Events(events));
                        if (!response.IsSuccessStatusCode) continue;
                        foreach (var key in keys) acknowledged.Add(key);
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        return; // the server is gone
                    }
                }
            })).ToArray();

            // Kill mid-stream, once a good number of batches has been acknowledged.
            while (acknowledged.Count < 1500) await Task.Delay(20);
            await server.KillHardAsync();
            await stop.CancelAsync();
            await Task.WhenAll(posters);

            // What reached the logs at Information level: no user ids, no event contents.
            Assert.DoesNotContain("crash-user-", server.Output);
            Assert.DoesNotContain("crash-0-", server.Output);
        }

        // 1. Every acknowledged event is in the log, exactly once; nothing else but whole batches that were in flight.
        var logged = new Dictionary<string, int>();
        await using (var store = SqliteStore.Open(database))
        {
            await foreach (var e in store.ReadSinceAsync(0))
                if (e.Event.IdempotencyKey is { } key && key.StartsWith("crash-", StringComparison.Ordinal))
                    logged[key] = logged.GetValueOrDefault(key) + 1;
        }
        Assert.All(acknowledged, key => Assert.True(logged.ContainsKey(key), $"acknowledged event {key} was lost"));
        Assert.All(logged, kv => Assert.Equal(1, kv.Value));
        Assert.True(logged.Count >= acknowledged.Count);

        // 2. After restart, the served profiles are the ones rebuilt from the log, and re-sends stay duplicates.
        await using (var server = await ServerProcess.StartAsync(database, TestData.ServerEnvironment(model: "pop")))
        {
            using var client = new HttpClient { BaseAddress = server.BaseAddress };
            client.DefaultRequestHeaders.Add("X-Api-Key", TestData.ApiKey);
            await server.WaitReadyAsync(client);

            var (table, taxonomy) = await LogAndTaxonomyAsync(database);
            var rebuilt = ProfileSet.Rebuild(table, taxonomy);
            for (int u = 0; u < Users; u++)
            {
                var user = $"crash-user-{u}";
                var expected = rebuilt.Find(user);
                if (expected is null) continue;
                var snapshot = expected.Snapshot(user);
                var served = await (await client.GetAsync($"/users/{user}/interests")).JsonAsync();
                Assert.Equal(snapshot.Events, served.GetProperty("events").GetInt32());
                var servedMacro = served.GetProperty("macro").EnumerateArray().ToDictionary(m => m.GetProperty("id").GetInt32());
                // The server applies a user's events one by one, the rebuild sums them directly: equal up to float rounding
                // (a fixed number of decimals fails whenever a value sits on a rounding boundary).
                foreach (var node in snapshot.Macro.Where(n => n.Events > 0))
                {
                    var macro = servedMacro[node.NodeId];
                    Assert.Equal(node.Strength, macro.GetProperty("strength").GetDouble(), 1e-4 * Math.Max(1, Math.Abs(node.Strength)));
                    Assert.Equal(node.Probability, macro.GetProperty("probability").GetDouble(), 1e-4);
                }
            }

            var resend = acknowledged.Take(5).ToArray();
            var again = await (await client.PostAsJsonAsync("/events", Wire.Events(resend.Select(key => Wire.Rating("crash-user-0", "1", 3, key)).ToArray()))).JsonAsync();
            Assert.Equal(0, again.GetProperty("accepted").GetInt32());
            Assert.Equal(resend.Length, again.GetProperty("duplicates").GetInt32());
            Assert.Equal(0, await server.StopAsync());
        }
    }

    /// <summary>The whole log as an event table and the taxonomy the server saved: what an offline rebuild starts from.</summary>
    private static async Task<(EventTable, Taxonomy)> LogAndTaxonomyAsync(string database)
    {
        await using var store = SqliteStore.Open(database);
        var artifact = await store.LoadArtifactAsync("taxonomy") ?? throw new InvalidOperationException("no taxonomy artifact");
        var taxonomy = Taxonomy.FromBytes(artifact.Data, artifact.Version);
        var builder = new EventTable.Builder();
        await foreach (var e in store.ReadSinceAsync(0)) builder.Add(e.Event);
        return (builder.Build(), taxonomy);
    }
}
