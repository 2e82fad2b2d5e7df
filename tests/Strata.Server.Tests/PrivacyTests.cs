using System.Net;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>What the server promises about people's data: who may read it, and that an erasure leaves nothing behind.</summary>
public sealed class PrivacyTests
{
    [Fact]
    public async Task A_persons_data_needs_the_key_unless_opened_on_purpose()
    {
        var database = await TestData.ImportMovieLens100kAsync(TempDirectory.UntilExit());
        string[] personal = ["/users?n=5", "/users/1/recommendations", "/users/1/interests"];
        await using (var server = await RunningServer.StartAsync(TestData.ServerArguments(database)))
        {
            using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };
            foreach (var path in personal)
            {
                await (await anonymous.GetAsync(path)).AssertProblemAsync(HttpStatusCode.Unauthorized);
                await (await server.Client.GetAsync(path)).JsonAsync();
            }
            // What shows nobody's data stays open.
            await (await anonymous.GetAsync("/items/50")).JsonAsync();
            await (await anonymous.PostJsonAsync("/recommendations/text", new { text = "space adventure" })).JsonAsync();
        }
        await using (var open = await RunningServer.StartAsync([.. TestData.ServerArguments(database), "--Strata:AllowAnonymousPersonalReads=true"]))
        {
            using var anonymous = new HttpClient { BaseAddress = open.Client.BaseAddress };
            foreach (var path in personal) await (await anonymous.GetAsync(path)).JsonAsync();
        }
    }

    [Fact]
    public async Task Unknown_items_are_refused_unless_their_creation_is_asked_for()
    {
        var database = await TestData.ImportMovieLens100kAsync(TempDirectory.UntilExit());
        var click = Wire.Events(new { userId = "u-new-items", itemId = "no-such-item-42", type = "click" });
        await using (var strict = await RunningServer.StartAsync(TestData.ServerArguments(database)))
        {
            await (await strict.Client.PostJsonAsync("/events", click)).AssertFieldProblemAsync("events[0].itemId");
            await (await strict.Client.GetAsync("/items/no-such-item-42")).AssertProblemAsync(HttpStatusCode.NotFound);
        }
        await using var creating = await RunningServer.StartAsync([.. TestData.ServerArguments(database), "--Strata:CreateUnknownItems=true"]);
        Assert.Equal(1, (await (await creating.Client.PostJsonAsync("/events", click)).JsonAsync()).GetProperty("accepted").GetInt32());
        var created = await (await creating.Client.GetAsync("/items/no-such-item-42")).JsonAsync();
        Assert.Equal("no-such-item-42", created.GetProperty("item").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Erasing_a_user_that_never_existed_is_a_404_that_keeps_the_saved_model()
    {
        var database = await TestData.ImportMovieLens100kAsync(TempDirectory.UntilExit());
        await using var server = await RunningServer.StartAsync(TestData.ServerArguments(database));
        var saved = database + ".model";
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(saved) && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.True(File.Exists(saved));

        await (await server.Client.DeleteAsync("/users/never-existed")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.True(File.Exists(saved), "erasing nobody deleted the saved model");
    }

    /// <summary>
    /// After <c>DELETE /users/{id}</c> (which compacts the store by default), the raw user id, their idempotency keys and
    /// their search text are in no file beside the store: database, WAL, shared memory, saved model, vector cache.
    /// </summary>
    [Fact]
    public async Task An_erased_users_id_keys_and_search_text_are_in_no_file_beside_the_store()
    {
        var directory = TempDirectory.UntilExit();
        var database = await TestData.ImportMovieLens100kAsync(directory);
        const string user = "bob.erasable@example.org";
        const string searched = "bob's private search for documentaries about whales";
        var keys = Enumerable.Range(1, 30).Select(i => $"{user}-order-{i}").ToArray();
        await using var server = await RunningServer.StartAsync([.. TestData.ServerArguments(database),
            $"--Strata:Embeddings:VectorCachePath={Path.Combine(directory, "vectors.db")}"]);
        var events = keys.Select((key, i) => Wire.Rating(user, (1 + i * 7).ToString(), 1 + i % 5, key))
            .Append(new { userId = user, type = "search", text = searched, idempotencyKey = $"{user}-search" }).ToArray();
        await (await server.Client.PostJsonAsync("/events", Wire.Events(events))).JsonAsync();
        await (await server.Client.PostJsonAsync("/admin/refit", new { })).JsonAsync();
        await (await server.Client.GetAsync($"/users/{Uri.EscapeDataString(user)}/recommendations")).JsonAsync();
        Assert.True(FilesContaining(directory, user).Any(), "the test should see the id before the erase");

        Assert.Equal(31, (await (await server.Client.DeleteAsync($"/users/{Uri.EscapeDataString(user)}")).JsonAsync()).GetProperty("eventsDeleted").GetInt64());

        Assert.Empty(FilesContaining(directory, user));
        Assert.Empty(keys.SelectMany(key => FilesContaining(directory, key)));
        Assert.Empty(FilesContaining(directory, searched));
    }

    private static IEnumerable<string> FilesContaining(string directory, string value)
    {
        var needle = System.Text.Encoding.UTF8.GetBytes(value);
        foreach (var file in Directory.GetFiles(directory))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            if (bytes.AsSpan().IndexOf(needle) >= 0) yield return Path.GetFileName(file);
        }
    }
}
