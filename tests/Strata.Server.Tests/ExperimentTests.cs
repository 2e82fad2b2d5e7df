using System.Net;
using System.Text.Json;
using Strata.Server.Experiments;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>Online experiments over the HTTP API on 127.0.0.1, with simulated users whose clicks favour one variant.</summary>
public sealed class ExperimentTests
{
    [Fact]
    public async Task An_ab_test_finds_the_favoured_variant_assigns_stickily_by_share_and_stops_to_the_winner()
    {
        var database = await TestData.ImportMovieLens100kAsync(TempDirectory.UntilExit());
        await using var server = await RunningServer.StartAsync(TestData.ServerArguments(database));
        var client = server.Client;

        // Definitions are checked, and a problem names its field.
        await (await client.PostJsonAsync("/experiments", new
        {
            id = "bad",
            variants = new object[] { new { name = "a", model = new { kind = "pop" }, share = 0.5 }, new { name = "b", model = new { kind = "nope" }, share = 0.5 } },
        })).AssertFieldProblemAsync("variants[1].model.kind");
        await (await client.PostJsonAsync("/experiments", new
        {
            id = "bad",
            variants = new object[] { new { name = "a", model = new { kind = "pop" }, share = 0.5 }, new { name = "b", model = new { kind = "itemknn" }, share = 0.4 } },
        })).AssertFieldProblemAsync("variants");
        Assert.Empty((await (await client.GetAsync("/experiments")).JsonAsync()).GetProperty("experiments").EnumerateArray());

        var created = await (await client.PostJsonAsync("/experiments", new
        {
            id = "ranker-1",
            salt = "fixed-salt-for-the-test",
            variants = new object[]
            {
                new { name = "control", model = new { kind = "pop" }, share = 0.5 },
                new { name = "treatment", model = new { kind = "itemknn" }, share = 0.5 },
            },
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal("running", created.GetProperty("status").GetString());
        // Only one experiment runs at a time.
        await (await client.PostJsonAsync("/experiments", new
        {
            id = "second",
            variants = new object[] { new { name = "a", model = new { kind = "pop" }, share = 0.5 }, new { name = "b", model = new { kind = "ease" }, share = 0.5 } },
        })).AssertProblemAsync(HttpStatusCode.Conflict);

        // The known rule: each shown item is clicked with probability 6 % under the treatment and 2 % under the control;
        // a clicked item is bought with probability 1/2.
        var random = new Random(7);
        var served = new Dictionary<string, string>();
        for (int u = 1; u <= 600; u++)
        {
            var user = u.ToString();
            using var response = await client.GetAsync($"/users/{user}/recommendations?n=10");
            var list = await response.JsonAsync();
            Assert.Equal("ranker-1", Assert.Single(response.Headers.GetValues("Strata-Experiment")));
            var variant = Assert.Single(response.Headers.GetValues("Strata-Variant"));
            served[user] = variant;
            var clickRate = variant == "treatment" ? 0.06 : 0.02;
            var events = new List<object>();
            foreach (var item in list.GetProperty("items").EnumerateArray())
            {
                if (random.NextDouble() >= clickRate) continue;
                var itemId = item.GetProperty("itemId").GetString()!;
                events.Add(new { userId = user, itemId, type = "click" });
                if (random.NextDouble() < 0.5) events.Add(new { userId = user, itemId, type = "purchase" });
            }
            if (events.Count > 0) await (await client.PostJsonAsync("/events", Wire.Events([.. events]))).JsonAsync();
        }

        var report = await (await client.GetAsync("/experiments/ranker-1")).JsonAsync();
        var variants = report.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        Assert.Equal(600, variants.Values.Sum(v => v.GetProperty("users").GetInt64()));
        foreach (var (name, v) in variants)
        {
            Assert.Equal(served.Count(kv => kv.Value == name), v.GetProperty("users").GetInt64());
            Assert.Equal(10 * v.GetProperty("users").GetInt64(), v.GetProperty("impressions").GetInt64());
            var ctr = v.GetProperty("ctr");
            Assert.InRange(ctr.GetProperty("value").GetDouble(), ctr.GetProperty("low").GetDouble(), ctr.GetProperty("high").GetDouble());
        }
        Assert.Contains("two-proportion z-test", report.GetProperty("test").GetString());
        var ctrComparison = report.GetProperty("comparisons").EnumerateArray().Single(c => c.GetProperty("metric").GetString() == "ctr");
        Assert.Equal("treatment", ctrComparison.GetProperty("variant").GetString());
        Assert.True(ctrComparison.GetProperty("low").GetDouble() > 0, ctrComparison.ToString());
        Assert.True(ctrComparison.GetProperty("significant").GetBoolean());
        Assert.True(ctrComparison.GetProperty("pValue").GetDouble() < 0.05);

        // Sticky: asked again, each user gets the variant that served them, and the assignment endpoint agrees.
        var assigned = await AssignAsync(client, "ranker-1", served.Keys);
        Assert.Equal(served, assigned);
        using (var again = await client.GetAsync("/users/42/recommendations?n=10"))
            Assert.Equal(served["42"], Assert.Single(again.Headers.GetValues("Strata-Variant")));
        // Within ±2 % of the shares over 10,000 user ids, and the same answer twice.
        var many = Enumerable.Range(0, 10_000).Select(i => $"visitor-{i}").ToArray();
        var first = await AssignAsync(client, "ranker-1", many);
        Assert.Equal(first, await AssignAsync(client, "ranker-1", many));
        Assert.InRange(first.Values.Count(v => v == "treatment") / 10_000.0, 0.48, 0.52);

        // Erasing a user removes their impressions from the report.
        var erasedVariant = served["5"];
        var before = variants[erasedVariant].GetProperty("users").GetInt64();
        await (await client.DeleteAsync("/users/5")).JsonAsync();
        var afterErase = await (await client.GetAsync("/experiments/ranker-1")).JsonAsync();
        Assert.Equal(before - 1, afterErase.GetProperty("variants").EnumerateArray().Single(v => v.GetProperty("name").GetString() == erasedVariant).GetProperty("users").GetInt64());
        using (var store = Strata.Storage.Sqlite.SqliteStore.Open(database))
            Assert.Empty(await store.ReadImpressionsAsync("5").ToListAsync());

        // The dashboard's experiments page shows the report and stops the experiment with the key.
        var (playwright, browser) = await DashboardTests.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(new Uri(client.BaseAddress!, "/dashboard/experiments.html").ToString());
            await page.WaitForSelectorAsync("body[data-state=ready]", new() { Timeout = 60_000 });
            var section = page.Locator("section.experiment[data-id='ranker-1'][data-status=running]");
            Assert.Equal(3, await section.Locator("table.variants tr").CountAsync());
            Assert.Contains("two-proportion z-test", await section.Locator(".test").InnerTextAsync());
            Assert.Contains("yes", await section.Locator("table.comparisons").InnerTextAsync());
            await page.EvaluateAsync("key => sessionStorage.setItem('strataApiKey', key)", TestData.ApiKey);
            await section.Locator("button.stop").ClickAsync();
            await page.WaitForSelectorAsync("section.experiment[data-id='ranker-1'][data-status=stopped]", new() { Timeout = 60_000 });
            Assert.Contains("serving treatment", await page.Locator("section.experiment h2").InnerTextAsync());
        }

        // Stopping (here, by the page) sends everyone to the winner: the treatment, which beat the control.
        var stopped = await (await client.GetAsync("/experiments/ranker-1")).JsonAsync();
        Assert.Equal("stopped", stopped.GetProperty("status").GetString());
        Assert.Equal("treatment", stopped.GetProperty("winner").GetString());
        var controlUser = served.First(kv => kv.Value == "control").Key;
        using var afterStop = await client.GetAsync($"/users/{controlUser}/recommendations?n=10");
        Assert.False(afterStop.Headers.Contains("Strata-Variant"));
        await (await client.PostAsync("/experiments/ranker-1/stop", null)).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task With_pseudonyms_impressions_hold_the_pseudonym_and_erasure_removes_them()
    {
        var database = await TestData.ImportMovieLens100kAsync(TempDirectory.UntilExit());
        var pseudonyms = new Strata.Storage.Privacy.Pseudonymizer("pepper-for-experiments");
        await using (var store = Strata.Storage.Sqlite.SqliteStore.Open(database)) await store.PseudonymiseAsync(pseudonyms);
        await using var server = await RunningServer.StartAsync(TestData.ServerArguments(database), configure: o => o.PseudonymKey = "pepper-for-experiments");
        await (await server.Client.PostJsonAsync("/experiments", new
        {
            id = "private",
            variants = new object[] { new { name = "a", model = new { kind = "pop" }, share = 0.5 }, new { name = "b", model = new { kind = "itemknn" }, share = 0.5 } },
        })).JsonAsync(HttpStatusCode.Created);
        foreach (var user in new[] { "1", "2" }) await (await server.Client.GetAsync($"/users/{user}/recommendations?n=5")).JsonAsync();

        await using (var store = Strata.Storage.Sqlite.SqliteStore.Open(database))
        {
            Assert.Empty(await store.ReadImpressionsAsync("1").ToListAsync());
            var logged = await store.ReadImpressionsAsync(pseudonyms.User("1")).ToListAsync();
            Assert.Equal(5, logged.Count);
            Assert.All(logged, l => Assert.Equal(pseudonyms.User("1"), l.Impression.UserId));
        }
        await (await server.Client.DeleteAsync("/users/1")).JsonAsync();
        await using (var store = Strata.Storage.Sqlite.SqliteStore.Open(database))
        {
            Assert.Empty(await store.ReadImpressionsAsync(pseudonyms.User("1")).ToListAsync());
            Assert.Equal(5, (await store.ReadImpressionsAsync(pseudonyms.User("2")).ToListAsync()).Count);
        }
    }

    [Fact]
    public void Assignments_of_two_salts_are_uniform_and_independent()
    {
        const int users = 10_000;
        var table = new int[2, 2];
        for (int i = 0; i < users; i++)
        {
            var a = Assignment.Variant("salt-a"u8, $"user-{i}", [0.5, 0.5]);
            var b = Assignment.Variant("salt-b"u8, $"user-{i}", [0.5, 0.5]);
            table[a, b]++;
        }
        // χ² of independence with one degree of freedom, below its 99.9 % point (10.83); each cell near a quarter.
        double chi = 0;
        for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
        {
            double expected = (table[a, 0] + table[a, 1]) * (double)(table[0, b] + table[1, b]) / users;
            chi += (table[a, b] - expected) * (table[a, b] - expected) / expected;
            Assert.InRange(table[a, b], 2_300, 2_700);
        }
        Assert.True(chi < 10.83, $"χ² = {chi}");
        // Sticky: a pure function of salt and id.
        Assert.Equal(Assignment.Unit("salt-a"u8, "user-1"), Assignment.Unit("salt-a"u8, "user-1"));
    }

    private static async Task<Dictionary<string, string>> AssignAsync(HttpClient client, string experiment, IEnumerable<string> users)
    {
        var body = await (await client.PostJsonAsync($"/experiments/{experiment}/assignments", new { users = users.ToArray() })).JsonAsync();
        return body.GetProperty("assignments").EnumerateArray().ToDictionary(a => a.GetProperty("userId").GetString()!, a => a.GetProperty("variant").GetString()!);
    }
}
