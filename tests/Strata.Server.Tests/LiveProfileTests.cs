using System.Text.Json;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>
/// The server builds a user's interest profile from their history when it is first read and keeps it live after. Whether
/// a user was read before a new event or only after it, their interests must be those a restart rebuilds from the log.
/// </summary>
public sealed class LiveProfileTests
{
    [Fact]
    public async Task A_profile_read_before_an_event_and_one_first_read_after_it_both_match_a_restart()
    {
        var directory = TempDirectory.UntilExit();
        var database = await TestData.ImportMovieLens100kAsync(directory);
        string[] arguments = [.. TestData.ServerArguments(database), "--Strata:Model:Kind=pop"];
        var at = new DateTimeOffset(1998, 4, 23, 0, 0, 0, TimeSpan.Zero);
        JsonElement readBefore, firstReadAfter;
        await using (var server = await RunningServer.StartAsync(arguments))
        {
            var logged = (await (await server.Client.GetAsync("/users/1/interests")).JsonAsync()).GetProperty("events").GetInt32();
            var posted = await (await server.Client.PostJsonAsync("/events",
                Wire.Events(Wire.Rating("1", "50", 5, "live-1", at), Wire.Rating("2", "50", 5, "live-2", at)))).JsonAsync();
            Assert.Equal(2, posted.GetProperty("accepted").GetInt32());
            readBefore = await (await server.Client.GetAsync("/users/1/interests")).JsonAsync();
            firstReadAfter = await (await server.Client.GetAsync("/users/2/interests")).JsonAsync();
            Assert.Equal(logged + 1, readBefore.GetProperty("events").GetInt32());
            // User 2's profile, first built after the event, holds their logged events too, not only the new one.
            Assert.True(firstReadAfter.GetProperty("events").GetInt32() > 1);
        }
        await using (var restarted = await RunningServer.StartAsync(arguments))
        {
            AssertSameInterests(await (await restarted.Client.GetAsync("/users/1/interests")).JsonAsync(), readBefore);
            AssertSameInterests(await (await restarted.Client.GetAsync("/users/2/interests")).JsonAsync(), firstReadAfter);
        }
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    private static void AssertSameInterests(JsonElement rebuilt, JsonElement live)
    {
        Assert.Equal(rebuilt.GetProperty("events").GetInt32(), live.GetProperty("events").GetInt32());
        Assert.Equal(rebuilt.GetProperty("asOf").GetDateTimeOffset(), live.GetProperty("asOf").GetDateTimeOffset());
        var rebuiltMacros = rebuilt.GetProperty("macro").EnumerateArray().ToArray();
        var liveMacros = live.GetProperty("macro").EnumerateArray().ToArray();
        Assert.Equal(rebuiltMacros.Length, liveMacros.Length);
        Assert.NotEmpty(rebuiltMacros);
        foreach (var (expected, actual) in rebuiltMacros.Zip(liveMacros))
        {
            AssertSameNode(expected, actual);
            foreach (var (expectedMeso, actualMeso) in expected.GetProperty("meso").EnumerateArray().Zip(actual.GetProperty("meso").EnumerateArray()))
                AssertSameNode(expectedMeso, actualMeso);
        }
    }

    private static void AssertSameNode(JsonElement expected, JsonElement actual)
    {
        Assert.Equal(expected.GetProperty("id").GetInt32(), actual.GetProperty("id").GetInt32());
        foreach (var field in new[] { "strength", "probability", "trend" })
        {
            var (e, a) = (expected.GetProperty(field).GetSingle(), actual.GetProperty(field).GetSingle());
            Assert.True(Math.Abs(e - a) <= 1e-4f * Math.Max(1f, Math.Abs(e)), $"{field} {a} live, {e} rebuilt");
        }
    }
}
