using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests;

/// <summary>The workshop's five steps, done through the page as a participant does them: by clicking.</summary>
public class ExperimentPageTests
{
    static readonly LocatorAssertionsToHaveTextOptions Long = new() { Timeout = 90_000 };

    static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    static async Task<int> ItemsPresent(IPage page) => await page.Locator("#items-card li.item:not(.missing)").CountAsync();

    /// <summary>Launches, waits for some items, starts the experiment, and waits for the task to stop.</summary>
    static async Task<int> LaunchAndInterrupt(IPage page, string launchButton)
    {
        await Button(page, launchButton).ClickAsync();
        await Expect(page.Locator("#task-card .status")).ToHaveTextAsync("RUNNING", new() { Timeout = 60_000 });
        await Expect(page.Locator("#items-card li.item[data-index='1']:not(.missing)")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await Button(page, "Start experiment").ClickAsync();
        await Expect(page.Locator("#experiment-card .experiment-meta .status")).ToHaveTextAsync("completed", Long);
        await Expect(page.Locator("#task-card .status")).ToHaveTextAsync("STOPPED", Long);
        await Expect(page.Locator("#task-card .stopped-reason")).ToHaveTextAsync(new Regex(@"^Task stopped by AWS FIS \(Experiment ID: EXP\w+\)$"));
        await Expect(page.Locator("#task-card .stop-code")).ToHaveTextAsync("UserInitiated");
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-status", "inProgress");
        return await ItemsPresent(page);
    }

    [BrowserFact]
    public async Task Improved_task_continues_where_it_stopped_and_the_hypothesis_is_confirmed()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = await session.OpenAsync();

        var before = await LaunchAndInterrupt(page, "Launch improved task");
        Assert.InRange(before, 2, 9);
        // The experiment card shows the action and its state, and the task it hit.
        await Expect(page.Locator("#experiment-card table.actions tbody tr")).ToContainTextAsync("StopECSTask");
        await Expect(page.Locator("#experiment-card table.actions tbody tr")).ToContainTextAsync("aws:ecs:stop-task");

        // A second participant joins between the runs and must see the same state.
        var late = await session.OpenAsync();

        await Button(page, "Launch improved task").ClickAsync();
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 90_000 });
        await Expect(page.Locator("#task-card .status")).ToHaveTextAsync("STOPPED", Long);

        await Expect(page.Locator("#log-console")).ToContainTextAsync($"Continuing at {before}");
        await Expect(page.Locator("#log-console")).ToContainTextAsync("Successfully PUT item 9 out of 10 into DDB");
        await Expect(page.Locator("#items-card li.item.once")).ToHaveCountAsync(10);
        await Expect(page.Locator("#items-card .count")).ToHaveTextAsync("10 / 10");
        await Expect(page.Locator("#verdict .evidence")).ToContainTextAsync($"started at item {before}");
        await Expect(page.Locator("#verdict .evidence")).ToContainTextAsync("No item was written more than once");
        await Expect(page.Locator("#verdict .evidence")).ToContainTextAsync("after the stop");
        // The lifecycle stepper went all the way.
        await Expect(page.Locator("#task-card .step.current")).ToHaveAttributeAsync("data-state", "STOPPED");
        await Expect(page.Locator("#task-card .step.done")).ToHaveCountAsync(7);

        await AssertSameState(page, late);
        await page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("experiment-improved.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task Baseline_task_starts_again_at_zero_and_the_hypothesis_is_refuted_then_the_table_is_cleared()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = await session.OpenAsync();

        var before = await LaunchAndInterrupt(page, "Launch baseline task");
        await Button(page, "Launch baseline task").ClickAsync();
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-status", "refuted", new() { Timeout = 90_000 });
        await Expect(page.Locator("#task-card .status")).ToHaveTextAsync("STOPPED", Long);
        await Expect(page.Locator("#task-card .stop-code")).ToHaveTextAsync("EssentialContainerExited");

        await Expect(page.Locator("#items-card li.item.again")).ToHaveCountAsync(before);
        await Expect(page.Locator("#items-card li.item.missing")).ToHaveCountAsync(0);
        await Expect(page.Locator("#items-card li.item[data-index='0'] .writes")).ToHaveTextAsync("×2");
        await Expect(page.Locator("#verdict .headline")).ToContainTextAsync($"{before} items");
        await Expect(page.Locator("#verdict .evidence")).ToContainTextAsync("Run 2 (baseline");
        await Expect(page.Locator("#verdict .evidence")).ToContainTextAsync("started at item 0");
        await page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("experiment-baseline.png"), FullPage = true });

        // Clearing asks first; cancelling keeps the items.
        await Button(page, "Clear table…").ClickAsync();
        await Expect(page.Locator("#clear-dialog")).ToBeVisibleAsync();
        await Button(page, "Cancel").ClickAsync();
        await Expect(page.Locator("#items-card .count")).ToHaveTextAsync("10 / 10");

        await Button(page, "Clear table…").ClickAsync();
        await Button(page, "Delete items").ClickAsync();
        await Expect(page.Locator("#action-message")).ToHaveTextAsync("Deleted 10 items from the table");
        await Expect(page.Locator("#items-card li.item.missing")).ToHaveCountAsync(10);
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-status", "notTested");
    }

    [BrowserFact]
    public async Task Buttons_show_progress_and_refusals_and_a_double_click_launches_one_task()
    {
        await using var session = await BrowserSession.StartAsync(timeScale: 20);
        var page = await session.OpenAsync();

        await Button(page, "Launch baseline task").DblClickAsync();
        await Expect(page.Locator("#action-message")).ToHaveTextAsync(new Regex("^Launched FisStopTaskStackTaskDef as task [0-9a-f]{32}$"));
        await Expect(Button(page, "Launch improved task")).ToBeDisabledAsync();
        await Expect(Button(page, "Clear table…")).ToBeDisabledAsync();

        // The server refuses what the page would not offer: a second launch while one runs.
        var response = await page.APIRequest.PostAsync(session.Dashboard.Url + "/api/actions/launch",
            new() { DataObject = new { kind = "improved" } });
        Assert.Equal(409, response.Status);
        Assert.Contains("one task at a time", await response.TextAsync());

        var state = await page.APIRequest.GetAsync(session.Dashboard.Url + "/");
        Assert.Single(Regex.Matches(await state.TextAsync(), "\"taskArn\":"));

        await Button(page, "Stop task").ClickAsync();
        await Expect(page.Locator("#task-card .desired")).ToHaveTextAsync("STOPPED");
        await Expect(page.Locator("#task-card .stopped-reason")).ToHaveTextAsync("Task stopped from Chaos Dashboard");
    }

    [BrowserFact]
    public async Task The_log_console_follows_pauses_with_a_count_and_resumes()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = await session.OpenAsync();

        await Button(page, "Launch baseline task").ClickAsync();
        await Expect(page.Locator("#log-console")).ToContainTextAsync("Starting batch job", new() { Timeout = 60_000 });
        await Button(page, "Pause").ClickAsync();
        await Expect(page.Locator("#logs-new")).ToHaveTextAsync(new Regex(@"^\d+ new lines?$"), new() { Timeout = 60_000 });
        await Button(page, "Follow").ClickAsync();
        await Expect(page.Locator("#logs-new")).ToBeHiddenAsync();
        await Button(page, "Clear view").ClickAsync();
        await Expect(page.Locator("#log-console .line")).ToHaveCountAsync(0);
    }

    [BrowserFact]
    public async Task The_presenter_view_is_large_and_live()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = await session.OpenAsync();
        var presenter = await session.OpenAsync("/presenter", 1920, 1080);

        await LaunchAndInterrupt(page, "Launch improved task");
        await Expect(presenter.Locator("#task-card .status")).ToHaveTextAsync("STOPPED");
        await Expect(presenter.Locator("#verdict")).ToHaveAttributeAsync("data-status", "inProgress");
        await Button(page, "Launch improved task").ClickAsync();
        await Expect(presenter.Locator("#verdict")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 90_000 });

        // Readable from the back of a room: the headline and item numbers are big, and all of it fits.
        var headline = await presenter.Locator("#verdict .headline").EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        var itemNumber = await presenter.Locator("#items-card .item .index").First.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(headline >= 40, $"headline is {headline}px");
        Assert.True(itemNumber >= 48, $"item numbers are {itemNumber}px");
        await Expect(presenter.Locator("#controls")).ToHaveCountAsync(0);
        await Expect(presenter.GetByRole(AriaRole.Link, new() { Name = "Exit presenter view" })).ToBeVisibleAsync();
        await presenter.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("presenter.png") });
    }

    [BrowserFact]
    public async Task A_browser_that_loses_its_connection_resumes_without_losing_or_repeating_a_line()
    {
        await using var session = await BrowserSession.StartAsync(timeScale: 30);
        var context = await session.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1600, Height = 1200 } });
        var page = await context.NewPageAsync();

        // The hub's connection runs through routes the test controls: it can drop the socket and,
        // for a while, refuse the reconnection.
        var refusing = false;
        var sockets = new List<IWebSocketRoute>();
        await page.RouteAsync("**/hubs/live/negotiate**", async route =>
        {
            if (Volatile.Read(ref refusing)) await route.AbortAsync();
            else await route.ContinueAsync();
        });
        await page.RouteWebSocketAsync(new Regex("/hubs/live"), socket =>
        {
            socket.ConnectToServer();
            lock (sockets) sockets.Add(socket);
        });
        await page.GotoAsync(session.Dashboard.Url);
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");

        await Button(page, "Launch baseline task").ClickAsync();
        await Expect(page.Locator("#log-console")).ToContainTextAsync("Successfully PUT item 1", new() { Timeout = 60_000 });

        // Drop the connection while the task writes, and keep it down for a few items.
        Volatile.Write(ref refusing, true);
        IWebSocketRoute[] open;
        lock (sockets) open = sockets.ToArray();
        foreach (var socket in open) await socket.CloseAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("reconnecting…", new() { Timeout = 30_000 });
        var numberBeforeGap = await LastLineNumber(page);
        await Task.Delay(4000);
        Assert.Equal(numberBeforeGap, await LastLineNumber(page)); // nothing arrived while cut off
        Volatile.Write(ref refusing, false);
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live", new() { Timeout = 60_000 });
        await Expect(page.Locator("#task-card .status")).ToHaveTextAsync("STOPPED", Long);

        // The page holds every line once, in order, exactly as a page opened now renders them.
        var numbers = (await page.Locator("#log-console .line").EvaluateAllAsync<int[]>("rows => rows.map(r => Number(r.dataset.number))")).ToList();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
        Assert.True(numbers[^1] > numberBeforeGap + 2, "lines written during the gap arrived after it");
        var fresh = await session.OpenAsync();
        await AssertSameState(page, fresh);
        Assert.Contains("Successfully PUT item 9 out of 10 into DDB", await page.Locator("#log-console").InnerTextAsync());
    }

    static async Task<int> LastLineNumber(IPage page) =>
        await page.Locator("#log-console").EvaluateAsync<int>("box => Number(box.lastElementChild?.dataset.number ?? 0)");

    /// <summary>Two browsers show the same experiment: verdict, items, task and log.</summary>
    static async Task AssertSameState(IPage a, IPage b)
    {
        foreach (var selector in new[] { "#verdict", "#items-card ol.items", "#task-card .task-meta", "#task-card .stepper", "#experiment-card" })
            Assert.Equal(await Text(a, selector), await Text(b, selector));
        var linesA = await a.Locator("#log-console .line").AllInnerTextsAsync();
        var linesB = await b.Locator("#log-console .line").AllInnerTextsAsync();
        Assert.Equal(linesA, linesB);
    }

    static async Task<string> Text(IPage page, string selector) =>
        Regex.Replace(await page.Locator(selector).InnerTextAsync(), @"\s+", " ").Trim();
}
