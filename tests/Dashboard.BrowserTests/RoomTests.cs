using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests;

/// <summary>
/// The dashboard listening on every address, as for a room: the tests browse on 127.0.0.1, which is
/// what a reverse proxy's requests look like too, so being local proves nothing.
/// </summary>
public class RoomTests
{
    static readonly string[] ActionButtons = ["Launch baseline task", "Launch improved task", "Start experiment", "Stop experiment", "Stop task", "Clear table…"];

    /// <summary>Console errors and page errors, a Content-Security-Policy violation among them.</summary>
    static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add(message.Text); };
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        return errors;
    }

    static async Task<IPage> NewPageAsync(BrowserSession session) =>
        await (await session.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1600, Height = 1200 } })).NewPageAsync();

    [BrowserFact]
    public async Task A_viewer_follows_the_run_without_actions_and_the_operator_link_signs_in()
    {
        await using var session = await BrowserSession.StartAsync(listenOnEveryAddress: true);
        Assert.Contains("Room mode", session.Dashboard.Output);
        var link = await session.Dashboard.OperatorLinkAsync();
        var token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..];

        // A viewer: the same live page, no action, and the token nowhere in it.
        var viewerPage = await NewPageAsync(session);
        var viewerErrors = CollectErrors(viewerPage);
        await viewerPage.GotoAsync(session.Dashboard.Url + "/");
        var viewer = new ExperimentView(viewerPage);
        await Expect(viewer.Connection).ToHaveTextAsync("live");
        await Expect(viewerPage.GetByText("View only", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(viewer.TaskCard).ToContainTextAsync("No task yet");
        foreach (var name in ActionButtons) await Expect(viewer.Button(name)).ToHaveCountAsync(0);
        await Expect(viewerPage.GetByRole(AriaRole.Region, new() { Name = "Share" })).ToHaveCountAsync(0);
        Assert.DoesNotContain(token, await viewerPage.ContentAsync());
        foreach (var path in new[] { "/presenter", "/start-times", "/preflight" })
        {
            var other = await NewPageAsync(session);
            await other.GotoAsync(session.Dashboard.Url + path);
            await Expect(new ExperimentView(other).Connection).ToHaveTextAsync("live");
            await Expect(other.GetByRole(AriaRole.Button, new() { Name = "Import" })).ToHaveCountAsync(0);
            Assert.DoesNotContain(token, await other.ContentAsync());
            await other.Context.CloseAsync();
        }

        // Forged requests from the viewer's browser, with its cookies: each refused, nothing launched.
        foreach (var (path, body) in new (string, object)[]
        {
            ("/api/actions/launch", new { kind = "baseline" }), ("/api/actions/start-experiment", new { }),
            ("/api/actions/stop-experiment", new { }), ("/api/actions/stop-task", new { }),
            ("/api/actions/clear-table", new { confirm = true }), ("/api/start-times/import", new { detail = new { } }),
        })
        {
            var forged = await viewerPage.Context.APIRequest.PostAsync(session.Dashboard.Url + path, new() { DataObject = body });
            Assert.Equal(403, forged.Status);
        }

        // A wrong token is refused.
        var stranger = await NewPageAsync(session);
        var refused = await stranger.GotoAsync($"{session.Dashboard.Url}/login?token={token}x");
        Assert.Equal(403, refused!.Status);
        await Expect(stranger.GetByRole(AriaRole.Heading)).ToHaveTextAsync("This operator link does not work");

        // The operator link: signed in, the token gone from the address bar, the buttons and the Share panel there.
        var operatorPage = await NewPageAsync(session);
        var operatorErrors = CollectErrors(operatorPage);
        await operatorPage.GotoAsync(link);
        await Expect(operatorPage).ToHaveURLAsync(session.Dashboard.Url + "/");
        var op = new ExperimentView(operatorPage);
        await Expect(op.Connection).ToHaveTextAsync("live");
        await Expect(operatorPage.GetByText("Operator", new() { Exact = true })).ToBeVisibleAsync();
        var share = operatorPage.GetByRole(AriaRole.Region, new() { Name = "Share" });
        await Expect(share).ToContainTextAsync(new Regex(@"https?://\S+:\d+/"));
        await Expect(share.GetByRole(AriaRole.Img)).ToBeVisibleAsync();
        // The QR code is a data: image the policy lets through: it decodes to real pixels.
        await operatorPage.WaitForFunctionAsync("() => document.querySelector('.share img')?.naturalWidth > 0");
        Assert.DoesNotContain(token, await operatorPage.ContentAsync());

        // The same link again (seen on a projected terminal, say) signs in nobody else.
        var again = await NewPageAsync(session);
        Assert.Equal(403, (await again.GotoAsync(link))!.Status);

        // The operator acts; the viewer sees it happen.
        await op.Button("Launch baseline task").ClickAsync();
        await Expect(viewer.TaskId).Not.ToBeEmptyAsync();
        Assert.Contains("operator", session.Dashboard.Output);
        Assert.Matches(@"viewer \(127\.0\.0\.1\) POST /api/actions/launch: refused", session.Dashboard.Output);
        Assert.Contains("launch: Done", session.Dashboard.Output);

        // The policy broke nothing on either page.
        Assert.Empty(viewerErrors);
        Assert.Empty(operatorErrors);
        // And the token was printed only as the operator link, at start, and never logged.
        Assert.All(session.Dashboard.Output.Split('\n').Where(line => line.Contains(token)), line => Assert.StartsWith("  Operator link: ", line));
    }

    [BrowserFact]
    public async Task Beyond_the_viewer_bound_the_next_viewer_gets_the_full_page_and_the_operator_still_gets_in()
    {
        await using var session = await BrowserSession.StartAsync(listenOnEveryAddress: true, arguments: ["--Room:MaxViewers", "1"]);

        var first = await NewPageAsync(session);
        await first.GotoAsync(session.Dashboard.Url + "/");
        await Expect(new ExperimentView(first).Connection).ToHaveTextAsync("live");

        var next = await NewPageAsync(session);
        var full = await next.GotoAsync(session.Dashboard.Url + "/");
        Assert.Equal(503, full!.Status);
        await Expect(next.GetByRole(AriaRole.Heading)).ToHaveTextAsync("The dashboard is full");

        var operatorPage = await NewPageAsync(session);
        await operatorPage.GotoAsync(await session.Dashboard.OperatorLinkAsync());
        await Expect(new ExperimentView(operatorPage).Connection).ToHaveTextAsync("live");
        await Expect(new ExperimentView(operatorPage).Button("Launch baseline task")).ToBeVisibleAsync();

        // The first viewer leaves: there is room again.
        await first.Context.CloseAsync();
        for (var attempt = 0; (await next.GotoAsync(session.Dashboard.Url + "/"))!.Status != 200; attempt++)
        {
            Assert.True(attempt < 50, "The page stayed full after the only viewer left.");
            await Task.Delay(200);
        }
        await Expect(new ExperimentView(next).Connection).ToHaveTextAsync("live");
    }
}
