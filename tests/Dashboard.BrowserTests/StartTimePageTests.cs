using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests;

/// <summary>
/// The start-time page in Chromium against the real dashboard in sandbox mode, each test with a
/// database of its own (seeded with the sandbox's 24 SOCI demo tasks on first use).
/// </summary>
public class StartTimePageTests
{
    const string Indexed = "socidemo-app:3";
    const string NotIndexed = "socidemo-app-noindex:2";

    /// <summary>A dashboard whose start-time database is a fresh file, removed with the session.</summary>
    sealed class Session : IAsyncDisposable
    {
        readonly string _folder = Directory.CreateTempSubdirectory("chaos-start-time-page-").FullName;
        public BrowserSession Browser { get; private set; } = default!;

        public static async Task<Session> StartAsync()
        {
            var session = new Session();
            session.Browser = await BrowserSession.StartAsync(arguments: ["--StartTimes:Database", Path.Combine(session._folder, "start-times.db"),
                // A small bound, so the file beyond it is quick to hand to the browser on a busy machine.
                "--StartTimes:MaxImportMegabytes", "2"]);
            return session;
        }

        public async Task<StartTimeView> OpenAsync(string path = "/start-times")
        {
            var page = await Browser.OpenAsync(path);
            page.PageError += (_, error) => { lock (Errors) Errors.Add(error); };
            return new StartTimeView(page);
        }

        /// <summary>Script errors seen on any page opened here.</summary>
        public List<string> Errors { get; } = [];

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }

    static Task<string> Text(ILocator part) => ExperimentView.Text(part);

    [BrowserFact]
    public async Task The_charts_and_both_tables_show_the_sandbox_tasks_and_the_family_filter_narrows_them()
    {
        await using var session = await Session.StartAsync();
        var page = await session.OpenAsync();

        await Expect(page.Tasks).ToHaveAttributeAsync("data-rows", "24");
        await Expect(page.Groups).ToHaveCountAsync(2);
        Assert.Equal([Indexed, NotIndexed], await page.Groups.EvaluateAllAsync<string[]>("bodies => bodies.map(b => b.dataset.group)"));
        await Expect(page.Summary.Locator("tbody tr")).ToHaveCountAsync(8); // total and three phases each

        // Every started task is a dot in the scatter plot; the phases chart has a bar per task definition.
        var started = await page.Summary.Locator("tbody[data-group] tr[data-measure='total'] td:nth-child(5)").AllInnerTextsAsync();
        var startedCount = started.Sum(int.Parse);
        Assert.InRange(startedCount, 20, 24);
        await Expect(page.Strip).ToHaveAttributeAsync("data-dots", startedCount.ToString());
        // MudChart draws each point as more than one circle: count the places dots are drawn at.
        await Expect(page.Strip.Locator("svg circle").First).ToBeAttachedAsync();
        var places = await page.Strip.Locator("svg circle").EvaluateAllAsync<string[]>("cs => cs.map(c => c.getAttribute('cx') + ',' + c.getAttribute('cy'))");
        Assert.Equal(startedCount, places.Distinct().Count());
        await Expect(page.Phases).ToHaveAttributeAsync("data-groups", "2");
        await Expect(page.Phases.GetByText(Indexed, new() { Exact = true })).ToBeVisibleAsync();

        // A task that never started is listed as such; the comparison names the faster one.
        if (startedCount < 24) await Expect(page.Tasks.GetByText("not started").First).ToBeVisibleAsync();
        await Expect(page.ComparisonHeadline).ToContainTextAsync(new Regex($@"^{Indexed} starts \d+\.\d\d× faster than {NotIndexed}"));

        await page.ChooseFamilyAsync("socidemo-app");
        await page.Page.WaitForURLAsync(new Regex("family=socidemo-app(&|$)"));
        await Expect(page.Tasks).ToHaveAttributeAsync("data-rows", "12");
        Assert.All(await page.TaskRows.Locator("td:nth-child(2)").AllInnerTextsAsync(), group => Assert.Equal(Indexed, group));
        await Expect(page.Groups).ToHaveCountAsync(1);
        await Expect(page.Groups).ToHaveAttributeAsync("data-group", Indexed);
        await Expect(page.Phases).ToHaveAttributeAsync("data-groups", "1");
        await Expect(page.Counts).ToContainTextAsync("12 tasks");
        // The comparison still sees both task definitions of the range.
        await Expect(page.ComparisonHeadline).ToContainTextAsync($"than {NotIndexed}");
        // And a reload of the filtered address shows the same.
        await page.Page.ReloadAsync();
        await Expect(page.Counts).ToContainTextAsync("12 tasks");
        Assert.Empty(session.Errors);
    }

    [BrowserFact]
    public async Task An_import_shows_its_counts_and_its_task_live_and_the_exports_download_what_the_page_shows()
    {
        await using var session = await Session.StartAsync();
        var page = await session.OpenAsync();
        await Expect(page.Tasks).ToHaveAttributeAsync("data-rows", "24");

        var created = DateTimeOffset.UtcNow.AddMinutes(-5);
        string Iso(double seconds) => created.AddSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var arn = "arn:aws:ecs:us-east-1:123456789012:task/sandbox/0123456789abcdef0123456789abcdef";
        var running = "{\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\",\"detail\":{\"taskArn\":\"" + arn + "\","
            + "\"taskDefinitionArn\":\"arn:aws:ecs:us-east-1:123456789012:task-definition/uploaded-app:5\",\"lastStatus\":\"RUNNING\",\"version\":3,"
            + $"\"createdAt\":\"{Iso(0)}\",\"pullStartedAt\":\"{Iso(6)}\",\"pullStoppedAt\":\"{Iso(7.5)}\",\"startedAt\":\"{Iso(8.25)}\"}}}}";
        var file = running + "\n{broken\n" + running + "\n";
        await page.ChooseImportFileAsync(new FilePayload { Name = "events.jsonl", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(file) });
        await page.ImportButton.ClickAsync();

        await Expect(page.ImportResult).ToHaveAttributeAsync("data-outcome", "ok");
        await Expect(page.ImportCount("added")).ToHaveTextAsync("1");
        await Expect(page.ImportCount("duplicates")).ToHaveTextAsync("1");
        await Expect(page.ImportCount("malformed")).ToHaveTextAsync("1");
        await Expect(page.Import.GetByRole(AriaRole.List, new() { Name = "Malformed lines" })).ToContainTextAsync("events.jsonl line 2");

        // The imported task arrives through the live model: no reload. It is the newest, so the first row.
        var row = page.TaskRow("0123456789abcdef0123456789abcdef");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("td:nth-child(2)")).ToHaveTextAsync("uploaded-app:5");
        await Expect(row.Locator("td:nth-child(4)")).ToHaveTextAsync("8.250");
        await Expect(page.Tasks).ToHaveAttributeAsync("data-rows", "25");
        await page.Family.ClickAsync();
        await Expect(page.Page.GetByRole(AriaRole.Option, new() { Name = "uploaded-app", Exact = true })).ToHaveCountAsync(1);
        await page.Page.Keyboard.PressAsync("Escape");

        var csv = await page.Page.RunAndWaitForDownloadAsync(() => page.Export("CSV").ClickAsync());
        Assert.Matches(@"^start-times-\d{8}T\d{4}Z\.csv$", csv.SuggestedFilename);
        var csvLines = (await File.ReadAllTextAsync(await csv.PathAsync())).Split("\r\n");
        Assert.StartsWith("taskId,taskArn,family,revision,", csvLines[0]);
        Assert.Equal(25, csvLines.Skip(1).TakeWhile(l => l != "").Count());
        Assert.Contains(csvLines, l => l.StartsWith("0123456789abcdef0123456789abcdef,") && l.EndsWith(",true,8.250,6.000,1.500,0.750"));

        var markdown = await page.Page.RunAndWaitForDownloadAsync(() => page.Export("Markdown").ClickAsync());
        Assert.EndsWith(".md", markdown.SuggestedFilename);
        var text = await File.ReadAllTextAsync(await markdown.PathAsync());
        Assert.Contains("## Start time per task definition (family:revision)", text);
        Assert.Contains("| uploaded-app ", text);

        // A file beyond the limit gets one clear line, not a page of errors, and is not read.
        await page.ChooseImportFileAsync(new FilePayload { Name = "huge.jsonl", MimeType = "application/json", Buffer = new byte[2 * 1024 * 1024 + 1] });
        await page.ImportButton.ClickAsync();
        await Expect(page.ImportResult).ToHaveAttributeAsync("data-outcome", "error");
        await Expect(page.ImportResult).ToContainTextAsync("larger than 2 MB");
        Assert.Empty(session.Errors);
    }

    [BrowserFact]
    public async Task A_task_launched_on_the_experiment_page_appears_live_and_a_reload_shows_the_same_figures()
    {
        await using var session = await Session.StartAsync();
        var page = await session.OpenAsync();
        await Expect(page.Tasks).ToHaveAttributeAsync("data-rows", "24");
        var experiment = new ExperimentView(await session.Browser.OpenAsync("/"));

        await experiment.Button("Launch improved task").ClickAsync();
        await Expect(experiment.TaskStatus).ToHaveTextAsync("RUNNING", new() { Timeout = 60_000 });
        var shortId = (await experiment.TaskId.InnerTextAsync()).Trim();

        var row = page.TaskRow(shortId);
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(row.Locator("td:nth-child(2)")).ToHaveTextAsync("FisStopTaskImprovedTaskDef:1");
        await Expect(row.Locator("td:nth-child(4)")).ToHaveTextAsync(new Regex(@"^\d+\.\d{3}$"));
        await Expect(page.Summary.Locator("tbody[data-group='FisStopTaskImprovedTaskDef:1']")).ToHaveCountAsync(1);
        await Expect(page.Counts).ToContainTextAsync("25 tasks");
        await Expect(page.Phases).ToHaveAttributeAsync("data-groups", "3");
        await page.Page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("start-times.png"), FullPage = true });

        // The figures after the live updates are the figures a fresh page renders for the same tasks. The
        // task runs to its end first, so no further update can land between the two readings.
        await Expect(experiment.TaskStatus).ToHaveTextAsync("STOPPED", new() { Timeout = 90_000 });
        await Expect(row.Locator("td:nth-child(8)")).ToHaveTextAsync("STOPPED", new() { Timeout = 30_000 });
        var live = new[] { await Text(page.Summary), await Text(page.ComparisonCard), await Text(page.Counts) };
        await page.Page.ReloadAsync();
        await Expect(page.Connection).ToHaveTextAsync("live");
        var rendered = new[] { await Text(page.Summary), await Text(page.ComparisonCard), await Text(page.Counts) };
        Assert.Equal(rendered, live);
        Assert.Empty(session.Errors);
    }

    [BrowserFact]
    public async Task A_bad_filter_gets_one_line_and_a_way_back()
    {
        await using var session = await Session.StartAsync();
        var page = new StartTimeView(await session.Browser.Browser.NewPageAsync());
        var response = await page.Page.GotoAsync(session.Browser.Dashboard.Url + "/start-times?from=yesterday");
        Assert.Equal(400, response!.Status);
        await Expect(page.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("from: 'yesterday' is neither a UTC time");
        await Expect(page.Connection).ToHaveTextAsync("live");
        await page.Page.GetByRole(AriaRole.Link, new() { Name = "Show every start time" }).ClickAsync();
        await page.Page.WaitForURLAsync(session.Browser.Dashboard.Url + "/start-times");
        await Expect(page.Tasks).ToHaveAttributeAsync("data-rows", "24");
    }
}

/// <summary>The start-time page with the dashboard in AWS mode against the fake account, which has no events log group.</summary>
[Collection(AwsMode.AwsModeCollection.Name)]
public class StartTimePageAwsModeTests
{
    [BrowserFact]
    public async Task A_missing_events_log_group_is_a_note_nothing_is_seeded_and_watched_tasks_still_arrive_live()
    {
        var folder = Directory.CreateTempSubdirectory("chaos-start-time-aws-").FullName;
        try
        {
            await using var session = await AwsMode.AwsModeSession.StartAsync(null, AwsMode.CredentialSource.EnvironmentKeys,
                "--StartTimes:Database", Path.Combine(folder, "start-times.db"));
            var experiment = new ExperimentView(await session.OpenAsync());
            await AwsMode.AwsPage.WaitForAccountAsync(experiment, session.Aws);
            var page = new StartTimeView(await session.OpenAsync("/start-times"));
            var errors = new List<string>();
            page.Page.PageError += (_, error) => errors.Add(error);

            var note = page.Notes.Locator("[data-source='Events log group']");
            await Expect(note).ToContainTextAsync("The events log group /ecs/cluster/events/FisStackECS-Cluster does not exist", new() { Timeout = AwsMode.AwsPage.Long });
            await Expect(note).ToContainTextAsync("set Aws:EventsLogGroup");
            await Expect(page.Tasks).ToHaveAttributeAsync("data-rows", "0");
            await Expect(page.SummaryEmpty).ToBeVisibleAsync();

            await experiment.Button("Launch baseline task").ClickAsync();
            await Expect(experiment.TaskStatus).ToHaveTextAsync("RUNNING", new() { Timeout = AwsMode.AwsPage.Long });
            var task = Assert.Single(session.Aws.Ecs.Tasks);

            var row = page.TaskRow(task.Id);
            await Expect(row).ToBeVisibleAsync(new() { Timeout = AwsMode.AwsPage.Long });
            await Expect(row.Locator("td:nth-child(2)")).ToHaveTextAsync(new Regex(@"^FisStopTaskStackTaskDef:\d+$"));
            await Expect(row.Locator("td:nth-child(4)")).ToHaveTextAsync(new Regex(@"^\d+\.\d{3}$"));
            await Expect(page.SummaryEmpty).ToHaveCountAsync(0);
            // One task definition: nothing to choose for a comparison yet.
            await Expect(page.FirstTaskDefinition).ToHaveCountAsync(0);
            await Expect(page.ComparisonHeadline).ToHaveTextAsync("A comparison needs two task definitions with started tasks in this range.");
            await page.Page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("start-times-aws.png"), FullPage = true });
            Assert.Empty(errors);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
