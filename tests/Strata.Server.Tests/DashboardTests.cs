using Microsoft.Playwright;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>The dashboard in a real headless Chromium (Debian's <c>chromium</c> package, driven by Playwright over CDP).</summary>
[Collection(ServerCollection.Name)]
public sealed class DashboardTests(ServerFixture server)
{
    /// <summary>The browser the Debian <c>chromium</c> package installs (Playwright cannot download its own here).</summary>
    private const string Chromium = "/usr/bin/chromium";

    private static string ArtefactDirectory
    {
        get
        {
            var dir = Path.Combine(AppContext.BaseDirectory, "TestResults");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    internal static async Task<(IPlaywright, IBrowser)> LaunchAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y chromium (.ci/run does this)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        return (playwright, browser);
    }

    [Fact]
    public async Task Without_a_user_the_dashboard_says_how_to_pick_one()
    {
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(server.BaseAddress, "/dashboard/").ToString());
        await page.WaitForSelectorAsync("#status:has-text('Pick a user')", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Contains("/dashboard/?user=ID", await page.Locator("#status").InnerTextAsync());
    }

    [Fact]
    public async Task Dashboard_renders_a_movielens_users_sunburst_trend_and_explained_recommendations()
    {
        var (playwright, browser) = await LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var failedRequests = new List<string>();
        page.RequestFailed += (_, request) => failedRequests.Add(request.Url);

        await page.GotoAsync(new Uri(server.BaseAddress, "/dashboard/?user=1").ToString());
        // A person's interests are not shown without the API key: the page asks for it, then shows them.
        await page.WaitForSelectorAsync("#key-form:not([hidden])", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.Equal("error", await page.GetAttributeAsync("body", "data-state"));
        await page.FillAsync("#key-input", TestData.ApiKey);
        await page.ClickAsync("#key-form button");
        await page.WaitForSelectorAsync("body[data-state=ready]", new PageWaitForSelectorOptions { Timeout = 60_000 });

        // Sunburst: all three rings drawn (macro → meso → items).
        Assert.True(await page.Locator("#sunburst path.arc-macro").CountAsync() > 0);
        Assert.True(await page.Locator("#sunburst path.arc-meso").CountAsync() > 0);
        Assert.True(await page.Locator("#sunburst path.arc-item").CountAsync() > 0);
        // Macro names sit on top of every arc (drawn last) and fit the room their arc leaves (they were clipped: "ance comedy").
        var names = await page.EvaluateAsync<double[][]>(@"() => [...document.querySelectorAll('#sunburst text.macro-name')].map(t =>
            [t.getComputedTextLength(), Number(t.dataset.room), t.nextElementSibling && t.nextElementSibling.matches('path') ? 1 : 0])");
        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.True(n[0] <= n[1] && n[2] == 0, $"a macro name of {n[0]:F0} px in {n[1]:F0} px of room, or drawn under an arc"));
        // Trend: one line per top interest, and the axis says what it measures.
        Assert.True(await page.Locator("#trend path.trend-line").CountAsync() > 0);
        Assert.Equal("strength (decayed event weight)", await page.Locator("#trend .trend-unit").TextContentAsync());
        // Ten recommendations, each with an interest path and a reason.
        var recommendations = page.Locator("#recommendations li.rec");
        Assert.Equal(10, await recommendations.CountAsync());
        for (int i = 0; i < 10; i++)
        {
            var item = recommendations.Nth(i);
            Assert.False(string.IsNullOrWhiteSpace(await item.Locator(".rec-title").InnerTextAsync()));
            Assert.True(await item.Locator(".rec-path").CountAsync() >= 2);
            Assert.False(string.IsNullOrWhiteSpace(await item.Locator(".rec-why").InnerTextAsync()));
        }
        Assert.Contains("because of", await page.Locator("#recommendations").InnerTextAsync());

        // The free-text box gives cold-start recommendations.
        await page.FillAsync("#text-input", "animated films for children");
        await page.ClickAsync("#text-form button");
        await page.WaitForSelectorAsync("body[data-text-state=ready]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.Equal(10, await page.Locator("#text-recommendations li.rec").CountAsync());

        var screenshot = Path.Combine(ArtefactDirectory, "dashboard-ml100k-user-1.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000);
        Assert.Empty(failedRequests);
    }
}
