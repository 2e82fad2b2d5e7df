using System.Net;
using Strata.Server.Serving;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>
/// A user erased while a refit runs never comes back when the refit is published — whether the refit was requested
/// (<c>POST /admin/refit</c>), is the start-up fit, or a scheduled one. Each refit is held at the point where it has read
/// the log (<see cref="FitCheckpoint"/>), the user is erased there, and the refit is let go: the window the bug lived in,
/// hit every time instead of by luck.
/// </summary>
public sealed class ErasureDuringRefitTests
{
    private const int Repeats = 20;

    [Fact]
    public async Task A_user_erased_during_a_requested_refit_stays_erased()
    {
        var (database, arguments) = await NewStoreAsync();
        var gate = new Gate();
        await using var server = await RunningServer.StartAsync(arguments, gate.Install);
        for (int i = 0; i < Repeats; i++)
        {
            var user = $"requested-{i}";
            await PostHistoryAsync(server.Client, user);
            gate.Arm();
            var refit = server.Client.PostAsync("/admin/refit", null);
            await gate.ReachedAsync();
            await EraseAsync(server.Client, user);
            gate.Release();
            (await refit).EnsureSuccessStatusCode();
            await AssertGoneAsync(server.Client, user);
            // No other fit ran since: the refit that read the user's events must not have left a saved model (it learned from them).
            Assert.False(File.Exists(database + ".model"), "a model fitted on the erased user's events was saved");
        }
    }

    [Fact]
    public async Task A_user_erased_during_the_start_up_fit_stays_erased()
    {
        var (_, arguments) = await NewStoreAsync();
        await using (var first = await RunningServer.StartAsync(arguments))
            await PostHistoryAsync(first.Client, "startup-0");
        for (int i = 0; i < Repeats; i++)
        {
            var user = $"startup-{i}";
            var gate = new Gate();
            gate.Arm();
            await using var server = await RunningServer.StartAsync(arguments, gate.Install, waitReady: false);
            await gate.ReachedAsync();
            await EraseAsync(server.Client, user);
            gate.Release();
            await ServerFixture.WaitReadyAsync(server.Client);
            await AssertGoneAsync(server.Client, user);
            // The next round's user is in the log before its server starts.
            await PostHistoryAsync(server.Client, $"startup-{i + 1}");
        }
    }

    [Fact]
    public async Task A_user_erased_during_a_scheduled_refit_stays_erased()
    {
        var (_, arguments) = await NewStoreAsync();
        var gate = new Gate();
        await using var server = await RunningServer.StartAsync([.. arguments, "--Strata:RefitInterval=00:00:00.200"], gate.Install);
        for (int i = 0; i < Repeats; i++)
        {
            var user = $"scheduled-{i}";
            await PostHistoryAsync(server.Client, user);
            gate.Arm();
            await gate.ReachedAsync();
            var version = await ModelVersionAsync(server.Client);
            await EraseAsync(server.Client, user);
            gate.Release();
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (await ModelVersionAsync(server.Client) <= version && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.True(await ModelVersionAsync(server.Client) > version, "the scheduled refit was not published");
            await AssertGoneAsync(server.Client, user);
        }
    }

    /// <summary>A fresh ml-100k store and the settings of a quick model (the race is in the serving host, not in the model).</summary>
    private static async Task<(string Database, string[] Arguments)> NewStoreAsync()
    {
        var database = await TestData.ImportMovieLens100kAsync(TempDirectory.UntilExit());
        return (database, [.. TestData.ServerArguments(database), "--Strata:Model:Kind=pop"]);
    }

    /// <summary>30 keyed ratings and a search, as the report that found the bug posted them.</summary>
    private static async Task PostHistoryAsync(HttpClient client, string user)
    {
        var events = Enumerable.Range(1, 30)
            .Select(i => Wire.Rating(user, i.ToString(), 1 + i % 5, key: $"{user}-rating-{i}", at: new DateTimeOffset(1998, 3, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i)))
            .Append(new { userId = user, type = "search", text = $"films {user} searched for", idempotencyKey = $"{user}-search" })
            .ToArray();
        var posted = await (await client.PostJsonAsync("/events", Wire.Events(events))).JsonAsync();
        Assert.Equal(31, posted.GetProperty("accepted").GetInt32());
        await (await client.GetAsync($"/users/{user}/recommendations")).JsonAsync();
    }

    private static async Task EraseAsync(HttpClient client, string user)
    {
        var erased = await (await client.DeleteAsync($"/users/{user}")).JsonAsync();
        Assert.Equal(31, erased.GetProperty("eventsDeleted").GetInt64());
    }

    private static async Task AssertGoneAsync(HttpClient client, string user)
    {
        await (await client.GetAsync($"/users/{user}/recommendations")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await client.GetAsync($"/users/{user}/interests")).AssertProblemAsync(HttpStatusCode.NotFound);
        var listed = await (await client.GetAsync("/users?n=1000")).JsonAsync();
        Assert.DoesNotContain(user, listed.GetProperty("users").EnumerateArray().Select(u => u.GetProperty("id").GetString()));
    }

    private static async Task<long> ModelVersionAsync(HttpClient client) =>
        (await (await client.GetAsync("/users/1/recommendations?n=1")).JsonAsync()).GetProperty("modelVersion").GetInt64();

    /// <summary>Holds the next fit at <see cref="FitCheckpoint.LogRead"/> once armed, until released.</summary>
    private sealed class Gate
    {
        private readonly SemaphoreSlim _reached = new(0);
        private readonly SemaphoreSlim _released = new(0);
        private int _armed;

        public void Install(IServiceProvider services) =>
            ((FitCheckpoint)services.GetService(typeof(FitCheckpoint))!).LogRead = async cancellationToken =>
            {
                if (Interlocked.Exchange(ref _armed, 0) == 0) return;
                _reached.Release();
                await _released.WaitAsync(cancellationToken);
            };

        public void Arm() => Volatile.Write(ref _armed, 1);

        public async Task ReachedAsync()
        {
            if (!await _reached.WaitAsync(TimeSpan.FromMinutes(2))) throw new TimeoutException("no fit reached the checkpoint");
        }

        public void Release() => _released.Release();
    }
}
