using System.Text.Json;
using Microsoft.Playwright;

namespace ChaosDashboard.Bench.Pages;

/// <summary>
/// Headless Chromium with pages that time themselves: a MutationObserver notes, in the browser's own
/// clock (the same machine clock as the server's), when each numbered log line first appears in the DOM,
/// and a PerformanceObserver keeps every long task of the main thread.
/// </summary>
sealed class BrowserPages : IAsyncDisposable
{
    /// <summary>Runs in every page before its own scripts.</summary>
    const string Instrumentation = """
        (() => {
          window.__seen = {};
          window.__longTasks = [];
          const marker = /burst line (\d+) of \d+ at (\d+)/g;
          const note = text => {
            if (!text || text.indexOf('burst line') < 0) return;
            const at = performance.timeOrigin + performance.now();
            for (const m of text.matchAll(marker)) if (!(m[1] in window.__seen)) window.__seen[m[1]] = [Number(m[2]), at];
          };
          new MutationObserver(records => {
            for (const r of records) {
              if (r.type === 'characterData') note(r.target.data);
              else for (const n of r.addedNodes) note(n.textContent);
            }
          }).observe(document, { subtree: true, childList: true, characterData: true });
          try {
            new PerformanceObserver(list => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
              .observe({ type: 'longtask', buffered: true });
          } catch { }
        })();
        """;

    readonly IPlaywright _playwright;
    public IBrowser Browser { get; }
    public List<IPage> Pages { get; } = [];

    BrowserPages(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public static async Task<BrowserPages> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            // Loopback only; and pages in the background must not be throttled, as a projector's page is not.
            Args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--disable-background-timer-throttling",
                "--disable-renderer-backgrounding", "--disable-backgrounding-occluded-windows"],
        });
        return new BrowserPages(playwright, browser);
    }

    /// <summary>Opens a page in a context of its own (as a separate viewer) and waits until it is live.</summary>
    public async Task<IPage> OpenAsync(string url, int width = 1600, int height = 1200)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        await context.AddInitScriptAsync(Instrumentation);
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await page.Locator("#connection").Filter(new() { HasText = "live" }).WaitForAsync(new() { Timeout = 120_000 });
        lock (Pages) Pages.Add(page);
        return page;
    }

    /// <summary>Each line number a page showed, with the server's time of the change and the page's time of the text.</summary>
    public static async Task<Dictionary<long, (double ServerMs, double PageMs)>> SeenAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("() => Object.entries(window.__seen).map(([n, v]) => [Number(n), v[0], v[1]])");
        var seen = new Dictionary<long, (double, double)>();
        foreach (var e in json.EnumerateArray())
            seen[(long)e[0].GetDouble()] = (e[1].GetDouble(), e[2].GetDouble());
        return seen;
    }

    /// <summary>Durations (ms) of the page's main-thread tasks over 50 ms since it opened.</summary>
    public static async Task<double[]> LongTasksAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("() => window.__longTasks.map(t => t[1])");
        return json.EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    /// <summary>Forgets what the pages have seen and their long tasks so far (say, those of loading).</summary>
    public async Task ResetAsync()
    {
        foreach (var page in Pages) await page.EvaluateAsync("() => { window.__seen = {}; window.__longTasks = []; }");
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
