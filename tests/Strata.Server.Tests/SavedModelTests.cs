using System.Net;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>
/// The fitted model is saved beside the store, so a restart serves it without fitting; erasing a user deletes it (it
/// learned from their events). Runs Strata's full model, the one whose fit takes minutes on bigger catalogues.
/// </summary>
public sealed class SavedModelTests
{
    private const string Recommendations = "/users/1/recommendations?n=10&diversity=0.3";

    [Fact]
    public async Task A_restart_serves_the_saved_model_answering_as_before_and_an_erase_deletes_it()
    {
        var (directory, saved, arguments) = await NewStoreAsync("strata");

        string before;
        await using (var first = await StartAsync(arguments))
        {
            before = await first.Client.GetStringAsync(Recommendations);
            await WaitSavedAsync(saved);
        }
        var written = File.GetLastWriteTimeUtc(saved);

        await using (var second = await StartAsync(arguments))
        {
            Assert.Equal(before, await second.Client.GetStringAsync(Recommendations));
            Assert.Equal(written, File.GetLastWriteTimeUtc(saved)); // served as read, not fitted and saved again

            using var erase = await second.Client.DeleteAsync("/users/2");
            Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
            Assert.False(File.Exists(saved), "the saved model outlived the erase of a user it learned from");
        }
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>A start on a log that has grown since the saved fit serves the saved model, then refits in the background.</summary>
    [Fact]
    public async Task A_restart_after_new_events_refits_in_the_background()
    {
        var (directory, saved, arguments) = await NewStoreAsync("ease");

        await using (var first = await StartAsync(arguments))
        {
            await WaitSavedAsync(saved);
            using var posted = await first.Client.PostJsonAsync("/events",
                Wire.Events([Wire.Rating("1", "50", 5, "after-the-fit", new DateTimeOffset(1998, 4, 1, 0, 0, 0, TimeSpan.Zero))]));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }
        var written = File.GetLastWriteTimeUtc(saved);

        await using (var second = await StartAsync(arguments))
        {
            var deadline = DateTime.UtcNow.AddMinutes(2);
            long version = 0;
            while (DateTime.UtcNow < deadline && (version = (await (await second.Client.GetAsync(Recommendations)).JsonAsync()).GetProperty("modelVersion").GetInt64()) < 2)
                await Task.Delay(200);
            Assert.Equal(2, version);
            deadline = DateTime.UtcNow.AddMinutes(1);
            while (File.GetLastWriteTimeUtc(saved) == written && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.NotEqual(written, File.GetLastWriteTimeUtc(saved));
        }
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }

    /// <summary>A fresh ml-100k store served by <paramref name="model"/>: its folder, its saved model's path, the server arguments.</summary>
    private static async Task<(string Directory, string Saved, string[] Arguments)> NewStoreAsync(string model)
    {
        var directory = TempDirectory.UntilExit();
        var database = await TestData.ImportMovieLens100kAsync(directory);
        return (directory, database + ".model", [.. TestData.ServerArguments(database), $"--Strata:Model:Kind={model}"]);
    }

    /// <summary>The model is saved after it starts serving (renamed into place whole): wait for the file.</summary>
    private static async Task WaitSavedAsync(string saved)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(saved) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(File.Exists(saved), "the fitted model was not saved");
    }

    private static Task<RunningServer> StartAsync(string[] arguments) => RunningServer.StartAsync(arguments);
}
