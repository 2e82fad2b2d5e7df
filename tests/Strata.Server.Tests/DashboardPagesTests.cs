using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>
/// The overview, taxonomy and item pages in Debian's Chromium (headless, through Playwright) over the shared ml-100k server;
/// each test saves a full-page screenshot under the test output's TestResults folder.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed partial class DashboardPagesTests(ServerFixture server)
{
    private static readonly PageWaitForSelectorOptions Patiently = new() { Timeout = 60_000 };

    private static string Screenshot(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestResults");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }

    private async Task<(IPlaywright, IBrowser, IPage, List<string>)> OpenAsync(string path)
    {
        var (playwright, browser) = await DashboardTests.LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var problems = new List<string>();
        page.RequestFailed += (_, request) => problems.Add($"failed: {request.Url}");
        page.PageError += (_, error) => problems.Add($"script error: {error}");
        await page.GotoAsync(new Uri(server.BaseAddress, path).ToString());
        return (playwright, browser, page, problems);
    }

    [Fact]
    public async Task Overview_page_shows_counts_events_per_minute_the_model_and_the_refit_status()
    {
        // Events committed through this server are what the per-minute chart counts (the ml-100k import went straight to the store).
        var user = $"overview-page-{Guid.NewGuid():N}";
        await (await server.Writer.PostJsonAsync("/events", Wire.Events(Wire.Rating(user, "1", 5), Wire.Rating(user, "2", 4), Wire.Rating(user, "3", 5))))
            .JsonAsync();
        var (playwright, browser, page, problems) = await OpenAsync("/dashboard/overview.html");
        using var _ = playwright;
        await using var __ = browser;

        await page.WaitForSelectorAsync("body[data-state=ready]", Patiently);

        Assert.True(Count(await page.Locator(".card[data-key=items] .card-value").InnerTextAsync()) >= 1682);
        Assert.True(Count(await page.Locator(".card[data-key=users] .card-value").InnerTextAsync()) >= 943);
        Assert.True(Count(await page.Locator(".card[data-key=events] .card-value").InnerTextAsync()) >= 100_003);
        Assert.Matches(@"^v\d+$", await page.Locator(".card[data-key=model] .card-value").InnerTextAsync());
        // Thirty one-minute bars, and the three events just committed are among them.
        var bars = page.Locator("#rate rect.rate-bar");
        Assert.Equal(30, await bars.CountAsync());
        long charted = 0;
        for (int i = 0; i < 30; i++) charted += long.Parse((await bars.Nth(i).GetAttributeAsync("data-count"))!);
        Assert.True(charted >= 3, $"the chart shows {charted} events");
        Assert.Equal("minute (UTC) · events committed per minute", await page.Locator("#rate .rate-unit").TextContentAsync());
        Assert.Contains("ease", await page.Locator("#model dd[data-key=version]").InnerTextAsync());
        Assert.Matches(@"^\d+\.\d s$|^—$", await page.Locator("#model dd[data-key=fit-seconds]").InnerTextAsync());
        Assert.Contains(await page.Locator("#refit dd[data-key=refit-state]").InnerTextAsync(), new[] { "idle", "refitting" });
        // ml-100k's ratings are in the log (other tests of the collection may have added other types beside them).
        Assert.True(Count(await page.Locator("#types tr[data-type=rating] td.num").First.InnerTextAsync()) >= 100_003);
        // Every macro interest links to its place in the taxonomy browser; popular items link to their pages.
        var macros = page.Locator("#macros li a");
        Assert.Equal(8, await macros.CountAsync());
        Assert.Matches(@"^taxonomy\.html\?node=\d+$", (await macros.First.GetAttributeAsync("href"))!);
        Assert.Equal(12, await page.Locator("#popular a.item-link").CountAsync());

        var screenshot = Screenshot("dashboard-overview.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Taxonomy_page_shows_macro_and_meso_nodes_with_labels_sizes_and_sample_items_linked_to_their_pages()
    {
        var (playwright, browser, page, problems) = await OpenAsync("/dashboard/taxonomy.html");
        using var _ = playwright;
        await using var __ = browser;
        await page.WaitForSelectorAsync("body[data-state=ready]", Patiently);

        var macros = page.Locator("#macros section.macro");
        Assert.Equal(8, await macros.CountAsync());
        Assert.Equal(8, await page.Locator("#strip rect.strip-node").CountAsync());
        for (int m = 0; m < 8; m++)
        {
            var macro = macros.Nth(m);
            Assert.False(string.IsNullOrWhiteSpace(await macro.Locator("h2").InnerTextAsync()));
            var mesos = macro.Locator("li.meso");
            Assert.True(await mesos.CountAsync() >= 1);
            for (int s = 0; s < await mesos.CountAsync(); s++)
            {
                var meso = mesos.Nth(s);
                Assert.False(string.IsNullOrWhiteSpace(await meso.Locator(".meso-label").InnerTextAsync()));
                Assert.Matches(@"^\d[\d,]* items · \d[\d,]* events$", await meso.Locator(".meso-size").InnerTextAsync());
                Assert.True(await meso.Locator(".samples a.item-link").CountAsync() >= 1);
            }
        }
        var screenshot = Screenshot("dashboard-taxonomy.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);

        // A meso node addressed by ?node= is marked; its sample items open their item pages.
        var mesoId = await page.Locator("li.meso").Nth(2).GetAttributeAsync("data-node");
        await page.GotoAsync(new Uri(server.BaseAddress, $"/dashboard/taxonomy.html?node={mesoId}").ToString());
        await page.WaitForSelectorAsync($"li.meso.selected[data-node='{mesoId}']", Patiently);
        var sample = page.Locator($"li.meso[data-node='{mesoId}'] a.item-link").First;
        var sampleId = await sample.GetAttributeAsync("data-item");
        await sample.ClickAsync();
        await page.WaitForSelectorAsync("body[data-state=ready]", Patiently);
        Assert.EndsWith($"item.html?id={Uri.EscapeDataString(sampleId!)}", page.Url);
        Assert.Equal(mesoId, await page.Locator("#item-path a[data-node]").Nth(1).GetAttributeAsync("data-node"));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Item_page_shows_the_item_its_place_in_the_tree_and_similar_items_linked_onwards()
    {
        // ml-100k item 50 is Star Wars (1977).
        var (playwright, browser, page, problems) = await OpenAsync("/dashboard/item.html?id=50");
        using var _ = playwright;
        await using var __ = browser;
        await page.WaitForSelectorAsync("body[data-state=ready]", Patiently);

        Assert.Equal("Star Wars (1977)", await page.Locator("#item-title").InnerTextAsync());
        Assert.Contains("Sci-Fi", await page.Locator("#item-facts dd[data-key=categories]").InnerTextAsync());
        // Taxonomy › macro › meso, each level a link into the taxonomy browser.
        var path = page.Locator("#item-path a");
        Assert.Equal(3, await path.CountAsync());
        for (int i = 1; i < 3; i++)
        {
            Assert.Matches(@"^taxonomy\.html\?node=\d+$", (await path.Nth(i).GetAttributeAsync("href"))!);
            Assert.False(string.IsNullOrWhiteSpace(await path.Nth(i).InnerTextAsync()));
        }
        var similar = page.Locator("#similar li.similar a.item-link");
        Assert.Equal(10, await similar.CountAsync());
        Assert.DoesNotContain("50", await Task.WhenAll(Enumerable.Range(0, 10).Select(i => similar.Nth(i).GetAttributeAsync("data-item"))));
        Assert.True(await page.Locator("#siblings a.item-link").CountAsync() >= 1);
        var screenshot = Screenshot("dashboard-item.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);

        // Following a similar item opens its page.
        var next = similar.First;
        var nextTitle = await next.InnerTextAsync();
        await next.ClickAsync();
        await page.WaitForSelectorAsync($"body[data-state=ready] #item-title:text-is('{nextTitle.Replace("'", "\\'")}')", Patiently);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Item_page_for_an_unknown_id_says_so_and_shows_the_id_as_typed()
    {
        // The id reaches the page through the address and the server's message: it must show as text, never as markup.
        const string id = "<img src=x onerror=alert(1)>";
        var (playwright, browser, page, problems) = await OpenAsync($"/dashboard/item.html?id={Uri.EscapeDataString(id)}");
        using var _ = playwright;
        await using var __ = browser;
        await page.WaitForSelectorAsync("body[data-state=error]", Patiently);

        Assert.Equal($"No item with id '{id}'.", await page.Locator("#status").InnerTextAsync());
        Assert.Equal(0, await page.Locator("img").CountAsync());
        Assert.Equal(id, await page.InputValueAsync("#item-input"));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Recommendation_titles_on_the_user_page_link_to_their_item_pages()
    {
        var (playwright, browser, page, problems) = await OpenAsync("/dashboard/?user=1");
        using var _ = playwright;
        await using var __ = browser;
        await page.WaitForSelectorAsync("#key-form:not([hidden])", Patiently);
        await page.FillAsync("#key-input", TestData.ApiKey);
        await page.ClickAsync("#key-form button");
        await page.WaitForSelectorAsync("body[data-state=ready]", Patiently);

        var first = page.Locator("#recommendations li.rec .rec-title a.item-link").First;
        var id = await first.GetAttributeAsync("data-item");
        Assert.Equal($"item.html?id={Uri.EscapeDataString(id!)}", await first.GetAttributeAsync("href"));
        Assert.Equal(4, await page.Locator("#nav a").CountAsync());
        Assert.Empty(problems);
    }

    private static long Count(string text) => long.Parse(NonDigits().Replace(text, ""));

    [GeneratedRegex(@"\D")]
    private static partial Regex NonDigits();
}
