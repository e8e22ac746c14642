using Microsoft.Playwright;

namespace ChaosDashboard.BrowserTests;

static class ExpectTimeout
{
    /// <summary>
    /// A page's first connection can take seconds on a busy machine: expectations wait generously for
    /// what must happen, and never measure how fast it happens.
    /// </summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void Generous() => Assertions.SetDefaultExpectTimeout(30_000);
}

/// <summary>One dashboard process and one headless Chromium per test, so each test starts clean.</summary>
sealed class BrowserSession : IAsyncDisposable
{
    public required DashboardProcess Dashboard { get; init; }
    public required IPlaywright Playwright { get; init; }
    public required IBrowser Browser { get; init; }

    /// <param name="arguments">More command-line settings for the dashboard (see <see cref="DashboardProcess.StartAsync"/>).</param>
    /// <param name="environment">Variables for the dashboard's process; a null value removes an inherited one.</param>
    /// <param name="listenOnEveryAddress">Room mode: listens on 0.0.0.0, acting needs the operator link.</param>
    public static async Task<BrowserSession> StartAsync(
        double timeScale = 60, IReadOnlyList<string>? arguments = null, IReadOnlyDictionary<string, string?>? environment = null,
        bool listenOnEveryAddress = false)
    {
        var dashboard = await DashboardProcess.StartAsync(timeScale, arguments, environment, listenOnEveryAddress);
        var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserTests.Browser.ChromiumPath
                ?? throw new InvalidOperationException("CI=true but Chromium is missing: apt-get install chromium."),
            Headless = true,
            // This machine reaches no network but loopback: keep Chromium from trying.
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new BrowserSession { Dashboard = dashboard, Playwright = playwright, Browser = browser };
    }

    public async Task<IPage> OpenAsync(string path = "/", int width = 1600, int height = 1200)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Dashboard.Url + path);
        await Assertions.Expect(new ExperimentView(page).Connection).ToHaveTextAsync("live");
        return page;
    }

    public static string ScreenshotPath(string name)
    {
        var folder = Path.Combine(DashboardProcess.RepoRoot(), "test-output", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await Dashboard.DisposeAsync();
    }
}
