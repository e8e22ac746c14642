using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests;

/// <summary>A page of another site cannot drive the dashboard through a circuit of its own.</summary>
public class SameOriginTests
{
    /// <summary>Opens the page's live connection the way blazor.web.js does: a WebSocket and the SignalR handshake.</summary>
    const string Probe = @"hub => new Promise(resolve => {
        const socket = new WebSocket(hub);
        socket.onopen = () => socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + '\u001e');
        socket.onmessage = () => resolve('answered');
        socket.onerror = () => resolve('refused');
        setTimeout(() => resolve('no answer'), 10000);
    })";

    [BrowserFact]
    public async Task A_page_of_another_origin_cannot_open_a_circuit()
    {
        await using var session = await BrowserSession.StartAsync();
        var hub = session.Dashboard.Url.Replace("http://", "ws://") + "/_blazor";
        var page = await (await session.Browser.NewContextAsync()).NewPageAsync();

        // Another origin on this machine (the dashboard's own not-found page, under another host name):
        // a public site would be stopped by the browser itself before it reached loopback.
        await page.GotoAsync(session.Dashboard.Url.Replace("127.0.0.1", "localhost") + "/not-found");
        Assert.Equal("refused", await page.EvaluateAsync<string>(Probe, hub));

        // The same probe from the dashboard's own origin gets its answer.
        await page.GotoAsync(session.Dashboard.Url + "/not-found");
        Assert.Equal("answered", await page.EvaluateAsync<string>(Probe, hub));

        // Nothing happened on the dashboard.
        var own = new ExperimentView(await session.OpenAsync());
        await Expect(own.TaskCard).ToContainTextAsync("No task yet");
    }
}
