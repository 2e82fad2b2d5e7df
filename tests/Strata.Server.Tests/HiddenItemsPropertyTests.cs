using System.Net.Http.Json;
using CsCheck;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>
/// A hidden item never appears in any list: a user's recommendations (any n, diversity, offset, category, seen policy),
/// a session's or a sentence's, similar items, popular or latest items. Each round hides items that the lists were
/// showing (and some at random), checks every list, then shows them again, so the shared server ends as it began.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class HiddenItemsPropertyTests(ServerFixture server)
{
    private static readonly string[] Genres = ["Action", "Comedy", "Drama", "Horror", "Romance", "Sci-Fi", "Thriller", "Children's"];

    [Fact]
    public async Task A_hidden_item_never_appears_in_a_recommendation_similar_popular_or_latest_list()
    {
        var rounds = Gen.Select(Gen.Int[1, 943], Gen.Int[1, 1682], Gen.Int[-1, Genres.Length - 1], Gen.Int[1, 30], Gen.Int[0, 10], Gen.Int[0, 3], Gen.Int[1, 1682].Array[0, 5]);
        await Check.SampleAsync(rounds, async (user, item, genre, n, diversityTenths, offset, randomItems) =>
        {
            var category = genre < 0 ? "" : "&category=" + Uri.EscapeDataString(Genres[genre]);
            var diversity = (diversityTenths / 10.0).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var lists = new[]
            {
                $"/users/{user}/recommendations?n={n}&diversity={diversity}&offset={offset}{category}",
                $"/users/{user}/recommendations?n={n}&diversity={diversity}&exclude_seen=false",
                $"/items/{item}/similar?n={n}{category}",
                $"/popular?n={n}{category}",
                $"/latest?n={n}{category}",
            };
            var shown = new List<string>();
            foreach (var list in lists) shown.AddRange(await IdsAsync(list));
            shown.AddRange(await PostedIdsAsync(n));
            // Item 50 (Star Wars, 583 ratings) is always among them, to show that hiding keeps the history.
            var hidden = shown.Distinct().Where((_, i) => i % 2 == 0).Concat(randomItems.Select(i => i.ToString())).Append("50").Distinct().ToList();
            foreach (var id in hidden) await (await server.Writer.PatchAsJsonAsync($"/items/{id}", new { hidden = true })).JsonAsync();
            try
            {
                foreach (var list in lists) Assert.Empty((await IdsAsync(list)).Intersect(hidden));
                Assert.Empty((await PostedIdsAsync(n)).Intersect(hidden));
                // Hidden items keep their history.
                var events = await (await server.Writer.GetAsync("/items/50/events?n=1")).JsonAsync();
                Assert.Equal(1, events.GetProperty("events").GetArrayLength());
            }
            finally
            {
                foreach (var id in hidden) await (await server.Writer.PatchAsJsonAsync($"/items/{id}", new { hidden = false })).JsonAsync();
            }
        }, iter: 12, threads: 1);
    }

    private async Task<List<string>> IdsAsync(string path)
    {
        var list = await (await server.Writer.GetAsync(path)).JsonAsync();
        return list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("itemId").GetString()!).ToList();
    }

    private async Task<List<string>> PostedIdsAsync(int n)
    {
        var text = await (await server.Writer.PostJsonAsync("/recommendations/text", new { text = "a funny space adventure", n })).JsonAsync();
        var session = await (await server.Writer.PostJsonAsync("/recommendations/session",
            new { events = new[] { new { itemId = "50", type = "click" }, new { itemId = "181", type = "click" } }, n })).JsonAsync();
        return text.GetProperty("items").EnumerateArray().Concat(session.GetProperty("items").EnumerateArray())
            .Select(i => i.GetProperty("itemId").GetString()!).ToList();
    }
}
