using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Strata.Server.Cluster;

namespace Strata.Cluster.Tests;

/// <summary>
/// The HTTP API stays the same on a cluster: catalogue changes, experiments and refits made through one silo show on
/// every silo (a real three-silo cluster over PostgreSQL, as in <see cref="ClusterTests"/>).
/// </summary>
public sealed class ClusterApiTests
{
    [Fact]
    public async Task Items_added_hidden_and_deleted_through_one_silo_change_what_every_silo_serves()
    {
        await using var cluster = await TestCluster.StartAsync("silo-a", "silo-b", "silo-c");
        var (a, b) = (cluster.Silos[0], cluster.Silos[1]);

        // A new item with only text, put through A: every silo places it in its tree and finds items similar to it.
        using (var put = await a.Client.PutAsJsonAsync("/items", new { items = new[] { new { id = "new-film", title = "Toy Story 4 (2019)", categories = new[] { "Animation", "Children's", "Comedy" } } } }))
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        foreach (var silo in cluster.Silos)
        {
            using var item = JsonDocument.Parse(await silo.Client.GetStringAsync("/items/new-film"));
            Assert.True(item.RootElement.GetProperty("placement").ValueKind == JsonValueKind.Object, $"{silo.Name} did not place the new item: {item.RootElement}");
            using var similar = await silo.Client.GetAsync("/items/new-film/similar?n=5");
            Assert.Equal(HttpStatusCode.OK, similar.StatusCode);
        }

        // The most popular item hidden through A leaves every silo's lists.
        var popular = await PopularAsync(b);
        using (var hide = await a.Client.PatchAsJsonAsync($"/items/{popular[0]}", new { hidden = true }))
            Assert.Equal(HttpStatusCode.OK, hide.StatusCode);
        foreach (var silo in cluster.Silos) Assert.DoesNotContain(popular[0], await PopularAsync(silo));

        // The second deleted through A: gone from every silo's lists and catalogue.
        using (var delete = await a.Client.DeleteAsync($"/items/{popular[1]}"))
            Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        foreach (var silo in cluster.Silos)
        {
            Assert.DoesNotContain(popular[1], await PopularAsync(silo));
            using var gone = await silo.Client.GetAsync($"/items/{popular[1]}");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        // A user hides their top item through A, after their list was served (and cached) on their grain's silo: no silo shows it again.
        const string user = "7";
        var before = await b.RecommendedItemsAsync(user);
        using (var hidden = await a.Client.PostAsJsonAsync($"/users/{user}/hidden-items", new { itemIds = new[] { before[0] } }))
            Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        foreach (var silo in cluster.Silos) Assert.DoesNotContain(before[0], await silo.RecommendedItemsAsync(user));
    }

    [Fact]
    public async Task An_experiment_started_on_one_silo_routes_users_on_every_silo_until_stopped_on_another()
    {
        await using var cluster = await TestCluster.StartAsync("silo-a", "silo-b", "silo-c");
        using (var created = await cluster.Silos[0].Client.PostAsJsonAsync("/experiments", new
        {
            id = "cluster-exp",
            salt = "fixed-salt-for-the-test",
            variants = new object[] { new { name = "control", model = new { kind = "pop" }, share = 0.5 }, new { name = "treatment", model = new { kind = "itemknn" }, share = 0.5 } },
        }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Each user asks a different silo; wherever their grain lives, the experiment assigns them and logs what it showed.
        var shown = 0;
        for (int u = 1; u <= 12; u++)
        {
            var silo = cluster.Silos[u % 3];
            using var response = await silo.Client.GetAsync($"/users/{u}/recommendations?n=5");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("cluster-exp", Assert.Single(response.Headers.GetValues("Strata-Experiment")));
            using var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            shown += list.RootElement.GetProperty("items").GetArrayLength();
        }
        Assert.Equal(shown, await cluster.ScalarAsync<long>("SELECT count(*) FROM impressions WHERE experiment = @id", ("id", "cluster-exp")));

        using (var stop = await cluster.Silos[1].Client.PostAsJsonAsync("/experiments/cluster-exp/stop", new { variant = "treatment" }))
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        foreach (var silo in cluster.Silos)
        {
            using var report = JsonDocument.Parse(await silo.Client.GetStringAsync("/experiments/cluster-exp"));
            Assert.Equal("stopped", report.RootElement.GetProperty("status").GetString());
            using var response = await silo.Client.GetAsync("/users/3/recommendations?n=5");
            Assert.False(response.Headers.Contains("Strata-Experiment"), $"{silo.Name} still runs the experiment");
        }
        Assert.Equal(shown, await cluster.ScalarAsync<long>("SELECT count(*) FROM impressions WHERE experiment = @id", ("id", "cluster-exp")));
    }

    [Fact]
    public async Task A_refit_asked_of_any_silo_is_one_fit_for_the_cluster_and_scheduled_refits_are_not_repeated_per_silo()
    {
        await using var cluster = await TestCluster.StartAsync("silo-a", "silo-b", "silo-c");
        using (var refit = await cluster.Silos[1].Client.PostAsync("/admin/refit", null))
            Assert.Equal(HttpStatusCode.OK, refit.StatusCode);
        Assert.Equal(1L, await cluster.ScalarAsync<long>("SELECT count(*) FROM artifacts WHERE name = 'cluster/model'"));
        foreach (var silo in cluster.Silos)
        {
            using var view = JsonDocument.Parse(await silo.Client.GetStringAsync("/cluster"));
            Assert.Equal(1, view.RootElement.GetProperty("publishedModel").GetInt32());
        }

        // Every silo's timer asks once per interval; a refit began just now, so none is due.
        var refits = cluster.Silos[2].Grains.GetGrain<IRefitGrain>(0);
        Assert.Null(await refits.RefitIfDueAsync(TimeSpan.FromHours(1)));
        Assert.Null(await cluster.Silos[0].Grains.GetGrain<IRefitGrain>(0).RefitIfDueAsync(TimeSpan.FromHours(1)));
        var due = await refits.RefitIfDueAsync(TimeSpan.Zero);
        Assert.NotNull(due);
        Assert.Equal(2, due.PublishedModel);
        Assert.Equal(3, due.Silos.Count);
        Assert.Equal(2L, await cluster.ScalarAsync<long>("SELECT count(*) FROM artifacts WHERE name = 'cluster/model'"));
    }

    private static async Task<List<string>> PopularAsync(Silo silo)
    {
        using var document = JsonDocument.Parse(await silo.Client.GetStringAsync("/popular?n=20"));
        return [.. document.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!)];
    }
}
