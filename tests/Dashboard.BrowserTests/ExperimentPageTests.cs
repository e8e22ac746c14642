using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests;

/// <summary>The workshop's five steps, done through the page as a participant does them: by clicking.</summary>
public class ExperimentPageTests
{
    static readonly LocatorAssertionsToHaveTextOptions Long = new() { Timeout = 90_000 };

    /// <summary>Launches, waits for some items, starts the experiment, and waits for the task to stop.</summary>
    /// <returns>How many items the interrupted run wrote.</returns>
    internal static async Task<int> LaunchAndInterrupt(ExperimentView page, string launchButton)
    {
        await page.Button(launchButton).ClickAsync();
        await Expect(page.TaskStatus).ToHaveTextAsync("RUNNING", new() { Timeout = 60_000 });
        await Expect(page.Item(1)).ToHaveAccessibleNameAsync("Item 1, written once", new() { Timeout = 60_000 });

        await page.Button("Start experiment").ClickAsync();
        await Expect(page.ExperimentStatus).ToHaveTextAsync("completed", Long);
        await Expect(page.TaskStatus).ToHaveTextAsync("STOPPED", Long);
        await Expect(page.StoppedReason).ToHaveTextAsync(new Regex(@"^Task stopped by AWS FIS \(Experiment ID: EXP\w+\)$"));
        await Expect(page.StopCode).ToHaveTextAsync("UserInitiated");
        await Expect(page.Verdict).ToHaveAttributeAsync("data-status", "inProgress");
        return await page.ItemsWrittenOnce.CountAsync();
    }

    [BrowserFact]
    public async Task Improved_task_continues_where_it_stopped_and_the_hypothesis_is_confirmed()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());

        var before = await LaunchAndInterrupt(page, "Launch improved task");
        Assert.InRange(before, 2, 9);
        // The experiment card shows the action and its state, and the task it hit.
        await Expect(page.ExperimentActions).ToContainTextAsync("StopECSTask");
        await Expect(page.ExperimentActions).ToContainTextAsync("aws:ecs:stop-task");

        await page.Button("Launch improved task").ClickAsync();
        await Expect(page.TaskStatus).ToHaveTextAsync("RUNNING", new() { Timeout = 60_000 });
        // A second participant joins mid-run and must see the same run.
        var late = new ExperimentView(await session.OpenAsync());
        await Expect(page.Verdict).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 90_000 });
        await Expect(page.TaskStatus).ToHaveTextAsync("STOPPED", Long);

        await Expect(page.Log).ToContainTextAsync($"Continuing at {before}");
        await Expect(page.Log).ToContainTextAsync("Successfully PUT item 9 out of 10 into DDB");
        await Expect(page.ItemsWrittenOnce).ToHaveCountAsync(10);
        await Expect(page.ItemCount).ToHaveTextAsync("10 / 10");
        await Expect(page.Evidence).ToContainTextAsync($"started at item {before}");
        await Expect(page.Evidence).ToContainTextAsync("No item was written more than once");
        await Expect(page.Evidence).ToContainTextAsync("after the stop");
        // The lifecycle stepper went all the way.
        await Expect(page.CurrentStep).ToHaveAttributeAsync("data-state", "STOPPED");
        await Expect(page.LifecycleSteps.And(page.Page.Locator("[data-step=done]"))).ToHaveCountAsync(7);
        // The timeline has a dot for every write and the experiment's window.
        await Expect(page.Timeline).ToHaveAccessibleNameAsync(new Regex(@"^Items written over time: 1\d writes by 2 tasks, 1 experiment window$"));

        await AssertSameState(page, late);
        await page.Page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("experiment-improved.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task Baseline_task_starts_again_at_zero_and_the_hypothesis_is_refuted_then_the_table_is_cleared()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());

        var before = await LaunchAndInterrupt(page, "Launch baseline task");
        await page.Button("Launch baseline task").ClickAsync();
        await Expect(page.Verdict).ToHaveAttributeAsync("data-status", "refuted", new() { Timeout = 90_000 });
        await Expect(page.TaskStatus).ToHaveTextAsync("STOPPED", Long);
        await Expect(page.StopCode).ToHaveTextAsync("EssentialContainerExited");

        await Expect(page.ItemsWrittenAgain).ToHaveCountAsync(before);
        await Expect(page.ItemsNotWritten).ToHaveCountAsync(0);
        await Expect(page.Item(0)).ToHaveAccessibleNameAsync("Item 0, written 2 times");
        await Expect(page.Item(0)).ToContainTextAsync("×2");
        await Expect(page.Headline).ToContainTextAsync($"{before} items");
        await Expect(page.Evidence).ToContainTextAsync("Run 2 (baseline");
        await Expect(page.Evidence).ToContainTextAsync("started at item 0");
        await page.Page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("experiment-baseline.png"), FullPage = true });

        // Clearing asks first; cancelling keeps the items.
        await page.Button("Clear table…").ClickAsync();
        await Expect(page.ClearDialog).ToBeVisibleAsync();
        await Expect(page.ClearDialog).ToContainTextAsync("Delete every item from");
        await page.ClearDialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.ClearDialog).ToHaveCountAsync(0);
        await Expect(page.ItemCount).ToHaveTextAsync("10 / 10");

        await page.Button("Clear table…").ClickAsync();
        await page.ClearDialog.GetByRole(AriaRole.Button, new() { Name = "Delete items" }).ClickAsync();
        await Expect(page.ActionOutcome).ToHaveTextAsync("Deleted 10 items from the table");
        await Expect(page.ItemsNotWritten).ToHaveCountAsync(10);
        await Expect(page.Verdict).ToHaveAttributeAsync("data-status", "notTested");
    }

    [BrowserFact]
    public async Task Ten_rapid_clicks_launch_one_task_and_the_server_refuses_what_the_page_would_not_offer()
    {
        await using var session = await BrowserSession.StartAsync(timeScale: 20);
        var page = new ExperimentView(await session.OpenAsync());

        // Ten clicks as fast as the browser sends them, without waiting for the page to disable the button.
        await page.Button("Launch baseline task").EvaluateAsync("button => { for (let i = 0; i < 10; i++) button.click(); }");
        await Expect(page.ActionOutcome).ToHaveTextAsync(new Regex("^Launched FisStopTaskStackTaskDef as task [0-9a-f]{32}$"));
        await Expect(page.ActionOutcome).ToHaveAttributeAsync("data-outcome", "ok");
        await Expect(page.Button("Launch improved task")).ToBeDisabledAsync();
        await Expect(page.Button("Clear table…")).ToBeDisabledAsync();

        // The server refuses a second launch while one runs, whatever a page sends.
        var response = await page.Page.APIRequest.PostAsync(session.Dashboard.Url + "/api/actions/launch",
            new() { DataObject = new { kind = "improved" } });
        Assert.Equal(409, response.Status);
        Assert.Contains("one task at a time", await response.TextAsync());

        // One task in the model: the presenter view (a fresh page) names the same one.
        var taskId = await page.TaskId.InnerTextAsync();
        var presenter = new ExperimentView(await session.OpenAsync("/presenter", 1920, 1080));
        await Expect(presenter.TaskId).ToHaveTextAsync(taskId);
        await Expect(page.Timeline).ToHaveAccessibleNameAsync(new Regex("by 1 task$|by 1 task,"));

        await page.Button("Stop task").ClickAsync();
        await Expect(page.DesiredStatus).ToHaveTextAsync("STOPPED");
        await Expect(page.StoppedReason).ToHaveTextAsync("Task stopped from Chaos Dashboard", new() { Timeout = 30_000 });
    }

    [BrowserFact]
    public async Task The_log_console_follows_pauses_with_a_count_and_resumes()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());

        await page.Button("Launch baseline task").ClickAsync();
        await Expect(page.Log).ToContainTextAsync("Starting batch job", new() { Timeout = 60_000 });
        await page.Button("Pause").ClickAsync();
        await Expect(page.NewLines).ToHaveTextAsync(new Regex(@"^\d+ new lines?$"), new() { Timeout = 60_000 });
        await page.Button("Follow").ClickAsync();
        await Expect(page.NewLines).ToHaveCountAsync(0);
        var lastBeforeClear = (await page.LogLineNumbers()).Max();
        await page.Button("Clear view").ClickAsync();
        // The view starts again with the lines that come after it was cleared, and none from before.
        await page.Page.WaitForFunctionAsync(
            "n => { const rows = [...document.querySelectorAll('[role=log] [data-number]')]; return rows.length > 0 && rows.every(r => Number(r.dataset.number) > n); }",
            lastBeforeClear, new() { Timeout = 60_000 });
    }

    [BrowserFact]
    public async Task The_presenter_view_is_large_and_live()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());
        var presenter = new ExperimentView(await session.OpenAsync("/presenter", 1920, 1080));

        await LaunchAndInterrupt(page, "Launch improved task");
        await Expect(presenter.TaskStatus).ToHaveTextAsync("STOPPED");
        await Expect(presenter.Verdict).ToHaveAttributeAsync("data-status", "inProgress");
        await page.Button("Launch improved task").ClickAsync();
        await Expect(presenter.Verdict).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = 90_000 });

        // Readable from the back of a room: the headline and item numbers are big, and all of it fits.
        var headline = await presenter.Headline.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        var itemNumber = await presenter.Item(0).Locator("span").First.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");
        Assert.True(headline >= 40, $"headline is {headline}px");
        Assert.True(itemNumber >= 48, $"item numbers are {itemNumber}px");
        await Expect(presenter.Button("Launch baseline task")).ToHaveCountAsync(0);
        await Expect(presenter.Page.GetByRole(AriaRole.Link, new() { Name = "Exit presenter view" })).ToBeVisibleAsync();
        await presenter.Page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("presenter.png") });

        // Nothing spills out of its card on either projector: the page is no wider than the screen and
        // no card's content is wider than the card.
        foreach (var (width, height) in new[] { (1920, 1080), (1280, 720) })
            foreach (var view in new[] { presenter, page })
            {
                await view.Page.SetViewportSizeAsync(width, height);
                var spilled = await view.Page.EvaluateAsync<string[]>(@"() => [
                    ...(document.documentElement.scrollWidth > window.innerWidth ? ['the page'] : []),
                    ...[...document.querySelectorAll('section')].filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.getAttribute('aria-label') ?? s.querySelector('h2')?.innerText ?? '?')]");
                Assert.True(spilled.Length == 0, $"{view.Page.Url} at {width}×{height}: {string.Join(", ", spilled)} spill over");
            }
    }

    [BrowserFact]
    public async Task A_browser_that_loses_its_connection_comes_back_with_every_line_in_order()
    {
        await using var session = await BrowserSession.StartAsync(timeScale: 30);
        var context = await session.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1600, Height = 1200 } });
        var raw = await context.NewPageAsync();
        var page = new ExperimentView(raw);

        // The circuit's connection runs through routes the test controls: it can drop the socket and,
        // for a while, refuse the reconnection.
        var refusing = false;
        var sockets = new List<IWebSocketRoute>();
        await raw.RouteAsync("**/_blazor/negotiate**", async route =>
        {
            if (Volatile.Read(ref refusing)) await route.AbortAsync();
            else await route.ContinueAsync();
        });
        await raw.RouteWebSocketAsync(new Regex("/_blazor"), socket =>
        {
            if (Volatile.Read(ref refusing)) { socket.CloseAsync(); return; }
            socket.ConnectToServer();
            lock (sockets) sockets.Add(socket);
        });
        await raw.GotoAsync(session.Dashboard.Url);
        await Expect(page.Connection).ToHaveTextAsync("live");

        await page.Button("Launch baseline task").ClickAsync();
        await Expect(page.Log).ToContainTextAsync("Successfully PUT item 1", new() { Timeout = 60_000 });

        // Drop the connection while the task writes, and keep it down for a few items.
        Volatile.Write(ref refusing, true);
        IWebSocketRoute[] open;
        lock (sockets) open = sockets.ToArray();
        foreach (var socket in open) await socket.CloseAsync();
        await Expect(page.Connection).ToHaveTextAsync("reconnecting…", new() { Timeout = 30_000 });
        var lastBeforeGap = (await page.LogLineNumbers()).Max();
        // Wait, by the server's own log, until lines were written during the gap, not for a fixed time.
        using (var http = new HttpClient { BaseAddress = new Uri(session.Dashboard.Url) })
            await Eventually.Until(async () => await LastLogNumberOnServer(http) >= lastBeforeGap + 2, "two lines written while the page was cut off", TimeSpan.FromSeconds(90));
        Assert.Equal(lastBeforeGap, (await page.LogLineNumbers()).Max()); // nothing arrived while cut off
        Volatile.Write(ref refusing, false);
        await Expect(page.Connection).ToHaveTextAsync("live", new() { Timeout = 60_000 });
        await Expect(page.TaskStatus).ToHaveTextAsync("STOPPED", Long);

        // The page holds every line once, in order, exactly as a page opened now shows them.
        await Expect(page.Log).ToContainTextAsync("Batch job finished", new() { Timeout = 90_000 });
        var numbers = await page.LogLineNumbers();
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Length), numbers);
        Assert.True(numbers[^1] > lastBeforeGap + 2, "lines written during the gap arrived after it");
        var fresh = new ExperimentView(await session.OpenAsync());
        await AssertSameState(page, fresh);
    }

    [BrowserFact]
    public async Task After_a_server_restart_an_open_page_reloads_itself_into_the_current_state()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());
        await page.Button("Launch baseline task").ClickAsync();
        await Expect(page.TaskStatus).ToHaveTextAsync("RUNNING", new() { Timeout = 60_000 });

        // The server goes away for a while and comes back empty: the sandbox starts over.
        await session.Dashboard.RestartAsync(downFor: TimeSpan.FromSeconds(3));
        await Expect(page.TaskCard).ToContainTextAsync("No task yet", new() { Timeout = 60_000 });
        await Expect(page.Connection).ToHaveTextAsync("live", new() { Timeout = 30_000 });
        await Expect(page.ItemsNotWritten).ToHaveCountAsync(10);
        // And the page acts again.
        await page.Button("Launch improved task").ClickAsync();
        await Expect(page.TaskStatus).ToHaveTextAsync(new Regex("^(PROVISIONING|PENDING|ACTIVATING|RUNNING)$"), new() { Timeout = 60_000 });
    }

    [BrowserFact]
    public async Task A_burst_of_log_lines_leaves_the_page_responsive_and_every_line_kept_in_order()
    {
        await using var session = await BrowserSession.StartAsync(arguments: ["--Benchmark:LogBurst", "true"]);
        var page = new ExperimentView(await session.OpenAsync());

        // 3,000 lines at 1,000 a second: more than the pages are drawn at, as they must not be.
        var burst = await page.Page.APIRequest.PostAsync(session.Dashboard.Url + "/api/benchmark/log-burst",
            new() { DataObject = new { lines = 3000, perSecond = 1000 } });
        Assert.Equal(200, burst.Status);
        await Expect(page.Log).ToContainTextAsync("burst line", new() { Timeout = 30_000 });

        // The page answers clicks during the burst: it pauses, counts what arrives, and follows again.
        await page.Button("Pause").ClickAsync(new() { Timeout = 10_000 });
        await Expect(page.NewLines).ToHaveTextAsync(new Regex(@"^\d+ new lines?$"), new() { Timeout = 10_000 });
        await page.Button("Follow").ClickAsync(new() { Timeout = 10_000 });
        await Expect(page.Log).ToContainTextAsync("burst line 3000 of 3000", new() { Timeout = 60_000 });
        await Expect(page.Connection).ToHaveTextAsync("live");
        // Older lines left the bounded buffer, and the page says so.
        await Expect(page.Page.GetByRole(AriaRole.Note)).ToContainTextAsync("have left the dashboard's buffer");

        // The server kept the newest lines, each once and in order.
        using var state = System.Text.Json.JsonDocument.Parse(await new HttpClient().GetStringAsync(session.Dashboard.Url + "/api/experiment"));
        var texts = state.RootElement.GetProperty("logs").EnumerateArray().Select(l => l.GetProperty("text").GetString()!).ToList();
        var numbers = texts.Select(t => int.Parse(Regex.Match(t, @"^burst line (\d+) of").Groups[1].Value)).ToList();
        Assert.Equal(Enumerable.Range(3001 - numbers.Count, numbers.Count), numbers);
    }

    [BrowserFact]
    public async Task The_log_pauses_when_the_reader_scrolls_up_and_only_then()
    {
        await using var session = await BrowserSession.StartAsync(arguments: ["--Benchmark:LogBurst", "true"]);
        var page = new ExperimentView(await session.OpenAsync());
        async Task Burst(int lines, int perSecond)
        {
            var burst = await page.Page.APIRequest.PostAsync(session.Dashboard.Url + "/api/benchmark/log-burst",
                new() { DataObject = new { lines, perSecond } });
            Assert.Equal(200, burst.Status);
        }
        await Burst(40, 200);
        await Expect(page.Log).ToContainTextAsync("burst line 40 of 40", new() { Timeout = 30_000 });

        // The box is moved by something other than the reader, as redrawn rows or a shrinking list move
        // it: the log keeps following, and the next lines come into view.
        await page.Log.EvaluateAsync("box => { box.scrollTop = 0; }");
        await Burst(1500, 100);
        await Expect(page.Log).ToContainTextAsync("of 1500", new() { Timeout = 30_000 });
        await Expect(page.Button("Pause")).ToBeVisibleAsync();

        // The reader scrolls up with the wheel: the log pauses and counts what arrives.
        await page.Log.HoverAsync();
        await page.Page.Mouse.WheelAsync(0, -2000);
        await Expect(page.Button("Follow")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(page.Log).ToHaveAttributeAsync("data-following", "false");
        await Expect(page.NewLines).ToHaveTextAsync(new Regex(@"^\d+ new lines?$"), new() { Timeout = 10_000 });

        // And scrolling back to the end follows again, to the last line.
        await page.Page.Mouse.WheelAsync(0, 1_000_000);
        await Expect(page.Button("Pause")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(page.Log).ToContainTextAsync("burst line 1500 of 1500", new() { Timeout = 60_000 });
    }

    /// <summary>Two browsers show the same experiment: verdict, items, task, experiment and log.</summary>
    static async Task AssertSameState(ExperimentView a, ExperimentView b)
    {
        foreach (var part in new Func<ExperimentView, ILocator>[] { p => p.Verdict, p => p.ItemsCard, p => p.TaskCard, p => p.ExperimentCard })
            await Expect(part(b)).ToHaveTextAsync(await ExperimentView.Text(part(a)), new() { UseInnerText = true });
        await Expect(b.LogLines.Last).ToHaveTextAsync(await a.LogLines.Last.InnerTextAsync());
        Assert.Equal(await a.LogLineNumbers(), await b.LogLineNumbers());
    }

    static async Task<long> LastLogNumberOnServer(HttpClient http)
    {
        using var state = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/experiment"));
        var logs = state.RootElement.GetProperty("logs");
        return logs.GetArrayLength() == 0 ? 0 : logs[logs.GetArrayLength() - 1].GetProperty("number").GetInt64();
    }
}
