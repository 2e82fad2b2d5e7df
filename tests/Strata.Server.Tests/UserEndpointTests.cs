using System.Net;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

[Collection(ServerCollection.Name)]
public sealed class UserEndpointTests(ServerFixture server)
{
    [Fact]
    public async Task Interests_form_a_tree_of_macro_meso_and_item_strengths_with_probabilities_and_a_trend()
    {
        var interests = await (await server.Writer.GetAsync("/users/1/interests")).JsonAsync();
        Assert.Equal("1", interests.GetProperty("userId").GetString());
        // User 1 rated 272 films in ml-100k; the profile counts those whose weight is not zero (a rating of 2 is neutral).
        await using (var store = server.OpenStore())
        {
            var all = 0;
            var weighted = 0;
            await foreach (var e in store.ReadByUserAsync("1"))
            {
                all++;
                if (Strata.Interests.Profiles.EventWeights.Default.Weigh(e.Event) != 0) weighted++;
            }
            Assert.Equal(272, all);
            Assert.Equal(weighted, interests.GetProperty("events").GetInt32());
        }
        var macros = interests.GetProperty("macro").EnumerateArray().ToList();
        Assert.NotEmpty(macros);
        var probabilitySum = macros.Sum(m => m.GetProperty("probability").GetSingle());
        Assert.InRange(probabilitySum, 0.5f, 1.0001f);
        var itemCount = 0;
        foreach (var macro in macros)
        foreach (var meso in macro.GetProperty("meso").EnumerateArray())
        {
            Assert.InRange(meso.GetProperty("probability").GetSingle(), 0f, 1f);
            Assert.Contains(meso.GetProperty("direction").GetString(), new[] { "stable", "emerging", "fading" });
            itemCount += meso.GetProperty("items").GetArrayLength();
        }
        Assert.True(itemCount > 0);
        var trend = interests.GetProperty("trend");
        var times = trend.GetProperty("times").GetArrayLength();
        Assert.True(times > 1);
        foreach (var series in trend.GetProperty("series").EnumerateArray()) Assert.Equal(times, series.GetProperty("values").GetArrayLength());
    }

    [Fact]
    public async Task User_list_offers_known_users_for_the_dashboard()
    {
        var users = await (await server.Writer.GetAsync("/users?n=5")).JsonAsync();
        Assert.Equal(5, users.GetProperty("users").GetArrayLength());
    }

    [Fact]
    public async Task Deleting_a_user_erases_events_profile_and_recommendations_everywhere()
    {
        var user = "forget-" + Guid.NewGuid().ToString("N");
        await (await server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, "1", 5, key: user + "-1"), Wire.Rating(user, "2", 4, key: user + "-2")))).JsonAsync();
        await (await server.Writer.GetAsync($"/users/{user}/recommendations")).JsonAsync();

        await (await server.Anonymous.DeleteAsync($"/users/{user}")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        var deleted = await (await server.Writer.DeleteAsync($"/users/{user}")).JsonAsync();
        Assert.Equal(2, deleted.GetProperty("eventsDeleted").GetInt64());

        await (await server.Writer.GetAsync($"/users/{user}/recommendations")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await server.Writer.GetAsync($"/users/{user}/interests")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await server.Writer.DeleteAsync($"/users/{user}")).AssertProblemAsync(HttpStatusCode.NotFound);
        var listed = await (await server.Writer.GetAsync("/users?n=1000")).JsonAsync();
        Assert.DoesNotContain(user, listed.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("id").GetString()));
        await using (var store = server.OpenStore())
        {
            await foreach (var _ in store.ReadByUserAsync(user)) Assert.Fail("an event of the deleted user is still stored");
            Assert.Null(await store.GetUserAsync(user));
        }

        // Their idempotency keys went with them: the same events may be sent again as a new user's, and count once.
        var again = await (await server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, "1", 5, key: user + "-1")))).JsonAsync();
        Assert.Equal(1, again.GetProperty("accepted").GetInt32());
        var interests = await (await server.Writer.GetAsync($"/users/{user}/interests")).JsonAsync();
        Assert.Equal(1, interests.GetProperty("events").GetInt32());

        // Derived models forget the user at their next refit: the refitted state knows only the re-sent event.
        await (await server.Writer.PostAsync("/admin/refit", null)).JsonAsync();
        var refitted = await (await server.Writer.GetAsync($"/users/{user}/interests")).JsonAsync();
        Assert.Equal(1, refitted.GetProperty("events").GetInt32());
    }
}
