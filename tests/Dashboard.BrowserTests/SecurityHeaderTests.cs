using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests;

/// <summary>The headers on the dashboard as it runs, and that its Content-Security-Policy breaks no page in Chromium.</summary>
public class SecurityHeaderTests
{
    [BrowserFact]
    public async Task Every_page_carries_the_headers_and_runs_without_a_console_error()
    {
        await using var session = await BrowserSession.StartAsync();
        foreach (var path in new[] { "/", "/presenter", "/start-times", "/preflight", "/nope" })
        {
            var page = await (await session.Browser.NewContextAsync()).NewPageAsync();
            var errors = new List<string>();
            page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add(message.Text); };
            page.PageError += (_, error) => { lock (errors) errors.Add(error); };
            var response = await page.GotoAsync(session.Dashboard.Url + path);
            var headers = await response!.AllHeadersAsync();
            Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);
            Assert.Contains("script-src 'self';", headers["content-security-policy"]);
            Assert.Equal("DENY", headers["x-frame-options"]);
            Assert.Equal("nosniff", headers["x-content-type-options"]);
            Assert.Equal("no-referrer", headers["referrer-policy"]);
            // Interactive: the scripts ran and the live connection opened under the policy.
            await Expect(new ExperimentView(page).Connection).ToHaveTextAsync("live");
            // A click that goes over the live connection works under the policy too.
            await page.GetByRole(AriaRole.Link, new() { Name = "Presenter view", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/presenter$"));
            // The not-found page's own 404 is the one error Chromium reports on purpose.
            if (path == "/nope") errors.RemoveAll(e => e.Contains("status of 404"));
            Assert.True(errors.Count == 0, $"{path}: {string.Join(" | ", errors)}");
            await page.Context.CloseAsync();
        }
    }

    [BrowserFact]
    public async Task Fingerprinted_files_are_cached_for_a_year_and_the_probes_answer()
    {
        await using var session = await BrowserSession.StartAsync();
        using var http = new HttpClient();
        var html = await http.GetStringAsync(session.Dashboard.Url + "/");
        var css = Regex.Match(html, "href=\"(css/dashboard\\.[a-z0-9]+\\.css)\"").Groups[1].Value;
        var file = await http.GetAsync($"{session.Dashboard.Url}/{css}");
        Assert.Contains("immutable", file.Headers.CacheControl?.ToString());
        Assert.Equal("nosniff", file.Headers.GetValues("X-Content-Type-Options").Single());

        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(session.Dashboard.Url + "/healthz")).StatusCode);
        var ready = await http.GetAsync(session.Dashboard.Url + "/readyz");
        Assert.Equal(System.Net.HttpStatusCode.OK, ready.StatusCode);
    }
}
