using Xunit.Abstractions;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Strata.Server.Cluster;

namespace Strata.Cluster.Tests;

/// <summary>Items 2–4 of issue 15 on a real three-silo cluster over PostgreSQL: nothing is mocked.</summary>
public sealed class ClusterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task An_event_posted_to_one_silo_changes_that_users_recommendations_on_every_silo()
    {
        await using var cluster = await TestCluster.StartAsync("silo-a", "silo-b", "silo-c");
        var (a, b, c) = (cluster.Silos[0], cluster.Silos[1], cluster.Silos[2]);
        const string user = "7";

        var before = await b.RecommendedItemsAsync(user);
        Assert.Equal(before, await c.RecommendedItemsAsync(user));
        var top = before[0];

        // The user rates the item every silo ranked first; seen items are left out, so it must leave every silo's list.
        using (var posted = await a.PostEventAsync(user, top, "rating", "first-" + Guid.NewGuid().ToString("N")))
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        var afterB = await b.RecommendedItemsAsync(user);
        var afterC = await c.RecommendedItemsAsync(user);
        var afterA = await a.RecommendedItemsAsync(user);
        Assert.DoesNotContain(top, afterB);
        Assert.DoesNotContain(top, afterC);
        Assert.Equal(afterB, afterC);
        Assert.Equal(afterB, afterA);

        // Operating it: each silo reports the membership when ready, and names itself in its own metrics.
        foreach (var silo in cluster.Silos)
        {
            Assert.Contains("3 active silos: silo-a, silo-b, silo-c", await silo.Client.GetStringAsync("/health/ready"));
            var metrics = await silo.Client.GetStringAsync("/metrics");
            Assert.Contains($"strata_silo=\"{silo.Name}\"", metrics);
            Assert.Contains("orleans_", metrics);
        }

        // One live profile: the user's grain answered all three, and has applied the new event once.
        var status = await b.Grains.GetGrain<IUserGrain>(user).StatusAsync();
        var logged = await cluster.ScalarAsync<long>(
            "SELECT count(*) FROM events e JOIN users u ON u.id = e.user_ref WHERE u.external_id = @user", ("user", user));
        Assert.Equal(logged, status.AppliedEvents);

        // Deleting that event on another silo than the grain's rebuilds the live profile without it: the item comes back.
        var grainSilo = cluster.Silos.First(s => SiloAddressOf(s) == status.Silo);
        var elsewhere = cluster.Silos.First(s => s != grainSilo);
        var sequence = await cluster.ScalarAsync<long>(
            "SELECT max(seq) FROM events e JOIN users u ON u.id = e.user_ref WHERE u.external_id = @user", ("user", user));
        using (var deleted = await elsewhere.Client.DeleteAsync($"/users/{user}/events/{sequence}"))
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(logged - 1, (await b.Grains.GetGrain<IUserGrain>(user).StatusAsync()).AppliedEvents);
        Assert.Equal(before, await grainSilo.RecommendedItemsAsync(user));
    }

    [Fact]
    public async Task A_silo_killed_during_a_stream_of_acknowledged_events_loses_none_duplicates_none_and_the_survivors_keep_answering()
    {
        await using var cluster = await TestCluster.StartAsync("silo-a", "silo-b", "silo-c");
        var victim = cluster.Silos[2];
        var users = Enumerable.Range(1, 24).Select(u => u.ToString()).ToArray();
        var items = Enumerable.Range(1, 300).Select(i => i.ToString()).ToArray();
        const int Events = 240;
        var run = Guid.NewGuid().ToString("N")[..8];
        // Each event has its own idempotency key; the client re-sends an unacknowledged one to another silo (as a real client would).
        var acknowledged = new ConcurrentDictionary<string, bool>();
        var attemptsFailed = 0;
        var sent = 0;
        var killed = new TaskCompletionSource();

        async Task SendAsync(int i)
        {
            var key = $"stream-{run}-{i}";
            var user = users[i % users.Length];
            var item = items[(i * 37 + i / users.Length) % items.Length];
            for (int attempt = 0; attempt < 20; attempt++)
            {
                var live = cluster.Silos.Where(s => !s.Killed).ToList();
                var silo = live[(i + attempt) % live.Count];
                try
                {
                    using var response = await silo.PostEventAsync(user, item, "view", key);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        acknowledged[key] = true;
                        if (Interlocked.Increment(ref sent) == Events / 3) killed.TrySetResult();
                        return;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ObjectDisposedException)
                {
                }
                Interlocked.Increment(ref attemptsFailed);
                await Task.Delay(100 * (attempt + 1));
            }
        }

        // Four clients stream the events; a third of the way in, silo C is stopped hard.
        var next = -1;
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < Events) await SendAsync(i);
        })).ToList();
        await killed.Task;
        await cluster.KillAsync(victim);
        await Task.WhenAll(clients);

        output.WriteLine($"{Events} events acknowledged; {attemptsFailed} attempts failed and were re-sent to another silo");
        Assert.Equal(Events, acknowledged.Count);
        // Every acknowledged event is in the log exactly once.
        var stored = await cluster.ScalarAsync<long>("SELECT count(*) FROM events WHERE idempotency_key LIKE @prefix", ("prefix", $"stream-{run}-%"));
        var distinct = await cluster.ScalarAsync<long>("SELECT count(DISTINCT idempotency_key) FROM events WHERE idempotency_key LIKE @prefix", ("prefix", $"stream-{run}-%"));
        Assert.Equal(Events, stored);
        Assert.Equal(Events, distinct);

        // Once membership has settled (the survivors see C dead), every user is answered by both survivors, from one
        // live profile that has applied each of the user's logged events exactly once.
        var survivors = cluster.Silos.Where(s => !s.Killed).ToList();
        foreach (var silo in survivors) await silo.WaitForMembersAsync(2);
        foreach (var user in users)
        {
            var first = await survivors[0].RecommendedItemsAsync(user);
            Assert.Equal(first, await survivors[1].RecommendedItemsAsync(user));
            var status = await survivors[0].Grains.GetGrain<IUserGrain>(user).StatusAsync();
            var logged = await cluster.ScalarAsync<long>(
                "SELECT count(*) FROM events e JOIN users u ON u.id = e.user_ref WHERE u.external_id = @user", ("user", user));
            var last = await cluster.ScalarAsync<long>(
                "SELECT max(seq) FROM events e JOIN users u ON u.id = e.user_ref WHERE u.external_id = @user", ("user", user));
            Assert.Equal(logged, status.AppliedEvents);
            Assert.Equal(last, status.AppliedThrough);
            Assert.Contains(status.Silo, survivors.Select(SiloAddressOf));
        }
    }

    [Fact]
    public async Task An_erased_user_leaves_no_row_in_PostgreSQL_and_no_live_state_on_any_silo()
    {
        await using var cluster = await TestCluster.StartAsync("silo-a", "silo-b", "silo-c");
        const string user = "12";
        // A published model (fitted on the user's events) and the user's grain active, then the erasure on another silo.
        using (var refit = await cluster.Silos[0].Client.PostAsync("/cluster/refit", null))
        {
            var body = await refit.Content.ReadAsStringAsync();
            Assert.True(refit.IsSuccessStatusCode, body);
            using var outcome = JsonDocument.Parse(body);
            Assert.Equal(3, outcome.RootElement.GetProperty("silos").GetArrayLength());
            // Every silo swapped in the one published version (read from the shared store, not fitted by itself).
            var published = outcome.RootElement.GetProperty("publishedModel").GetInt32();
            foreach (var silo in cluster.Silos)
            {
                using var view = JsonDocument.Parse(await silo.Client.GetStringAsync("/cluster"));
                Assert.Equal(published, view.RootElement.GetProperty("publishedModel").GetInt32());
                Assert.True(silo.Host.Current!.FromSavedModel, $"{silo.Name} fitted its own model");
            }
        }
        Assert.Equal(1L, await cluster.ScalarAsync<long>("SELECT count(*) FROM artifacts WHERE name = 'cluster/model'"));
        foreach (var silo in cluster.Silos) Assert.NotEmpty(await silo.RecommendedItemsAsync(user));
        Assert.All(cluster.Silos, silo => Assert.True(silo.Host.Current!.KnowsUser(user)));
        var grainId = cluster.Silos[0].Grains.GetGrain<IUserGrain>(user).GetGrainId();
        Assert.Contains(grainId, await ActiveUserGrainsAsync(cluster));

        using (var erased = await cluster.Silos[1].Client.DeleteAsync($"/users/{user}"))
            Assert.Equal(HttpStatusCode.OK, erased.StatusCode);

        Assert.Equal(0L, await cluster.ScalarAsync<long>(
            "SELECT count(*) FROM events e JOIN users u ON u.id = e.user_ref WHERE u.external_id = @user", ("user", user)));
        Assert.Equal(0L, await cluster.ScalarAsync<long>("SELECT count(*) FROM users WHERE external_id = @user", ("user", user)));
        Assert.Equal(0L, await cluster.ScalarAsync<long>("SELECT count(*) FROM artifacts WHERE name = 'cluster/model'"));
        Assert.All(cluster.Silos, silo => Assert.False(silo.Host.Current!.KnowsUser(user), $"{silo.Name} still knows the user"));
        // The grain deactivates once its erase call has returned; wait for the cluster to report it gone (bounded).
        for (int i = 0; i < 100 && (await ActiveUserGrainsAsync(cluster)).Contains(grainId); i++) await Task.Delay(100);
        Assert.DoesNotContain(grainId, await ActiveUserGrainsAsync(cluster));

        // Asking again finds no one on any silo (a fresh grain rebuilds from an empty log and keeps nothing).
        foreach (var silo in cluster.Silos)
        {
            using var response = await silo.Client.GetAsync($"/users/{user}/recommendations");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.All(cluster.Silos, silo => Assert.False(silo.Host.Current!.KnowsUser(user)));
    }

    private static async Task<List<Orleans.Runtime.GrainId>> ActiveUserGrainsAsync(TestCluster cluster)
    {
        var grains = cluster.Silos[0].Grains;
        var type = grains.GetGrain<IUserGrain>("any").GetGrainId().Type;
        return await grains.GetGrain<IManagementGrain>(0).GetActiveGrains(type);
    }

    private static string SiloAddressOf(Silo silo) =>
        Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>(silo.App.Services).SiloAddress.ToParsableString();
}
