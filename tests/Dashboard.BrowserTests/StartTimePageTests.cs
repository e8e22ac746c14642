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
            session.Browser = await BrowserSession.StartAsync(arguments: ["--StartTimes:Database", Path.Combine(session._folder, "start-times.db")]);
            return session;
        }

        public async Task<IPage> OpenAsync(string path = "/start-times")
        {
            var page = await Browser.OpenAsync(path);
            page.PageError += (_, error) => { lock (Errors) Errors.Add(error); };
            return page;
        }

        /// <summary>Script errors seen on any page opened here.</summary>
        public List<string> Errors { get; } = [];

        public async ValueTask DisposeAsync()
        {
            await Browser.DisposeAsync();
            try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
        }
    }

    static ILocator TaskRows(IPage page) => page.Locator("#start-time-tasks tbody tr");
    static ILocator Groups(IPage page) => page.Locator("#start-time-summary tbody");

    static async Task<string> Text(IPage page, string selector) =>
        Regex.Replace(await page.Locator(selector).InnerTextAsync(), @"\s+", " ").Trim();

    [BrowserFact]
    public async Task The_chart_and_both_tables_show_the_sandbox_tasks_and_the_family_filter_narrows_them()
    {
        await using var session = await Session.StartAsync();
        var page = await session.OpenAsync();

        await Expect(TaskRows(page)).ToHaveCountAsync(24);
        await Expect(Groups(page)).ToHaveCountAsync(2);
        Assert.Equal([Indexed, NotIndexed], await Groups(page).EvaluateAllAsync<string[]>("bodies => bodies.map(b => b.dataset.group)"));
        await Expect(page.Locator("#start-time-summary tbody tr")).ToHaveCountAsync(8); // total and three phases each

        // Both charts are ECharts instances drawing on a canvas; every started task is a dot.
        foreach (var chart in new[] { "#start-time-strip", "#start-time-phases" })
        {
            await Expect(page.Locator($"{chart} canvas").First).ToBeVisibleAsync();
            Assert.False(string.IsNullOrEmpty(await page.Locator(chart).GetAttributeAsync("_echarts_instance_")), $"{chart} has no ECharts instance");
        }
        var started = await page.Locator("#start-time-tasks tbody tr[data-started='true']").CountAsync();
        Assert.InRange(started, 20, 24);
        await Expect(page.Locator("#start-time-strip")).ToHaveAttributeAsync("data-dots", started.ToString());
        await Expect(page.Locator("#start-time-phases")).ToHaveAttributeAsync("data-groups", "2");

        // A task that never started is listed as such; the comparison names the faster one.
        var notStarted = page.Locator("#start-time-tasks tbody tr[data-started='false']");
        await Expect(notStarted).ToHaveCountAsync(24 - started);
        if (started < 24) await Expect(notStarted.First.Locator("td.not-started")).ToHaveTextAsync("not started");
        await Expect(page.Locator("#start-time-headline")).ToContainTextAsync(new Regex($@"^{Indexed} starts \d+\.\d\d× faster than {NotIndexed}"));

        await page.SelectOptionAsync("#start-time-family", "socidemo-app");
        await page.WaitForURLAsync(new Regex("family=socidemo-app(&|$)"));
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        await Expect(TaskRows(page)).ToHaveCountAsync(12);
        Assert.All(await page.Locator("#start-time-tasks tbody tr td:nth-child(2)").AllInnerTextsAsync(), group => Assert.Equal(Indexed, group));
        await Expect(Groups(page)).ToHaveCountAsync(1);
        await Expect(Groups(page)).ToHaveAttributeAsync("data-group", Indexed);
        await Expect(page.Locator("#start-time-phases")).ToHaveAttributeAsync("data-groups", "1");
        await Expect(page.Locator("#start-time-counts")).ToContainTextAsync("12 tasks");
        // The comparison still sees both task definitions of the range.
        await Expect(page.Locator("#start-time-headline")).ToContainTextAsync($"than {NotIndexed}");
        Assert.Empty(session.Errors);
    }

    [BrowserFact]
    public async Task An_import_shows_its_counts_and_its_task_live_and_the_exports_download_what_the_page_shows()
    {
        await using var session = await Session.StartAsync();
        var page = await session.OpenAsync();
        await Expect(TaskRows(page)).ToHaveCountAsync(24);

        var created = DateTimeOffset.UtcNow.AddMinutes(-5);
        string Iso(double seconds) => created.AddSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        var arn = "arn:aws:ecs:us-east-1:123456789012:task/sandbox/0123456789abcdef0123456789abcdef";
        var running = "{\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\",\"detail\":{\"taskArn\":\"" + arn + "\","
            + "\"taskDefinitionArn\":\"arn:aws:ecs:us-east-1:123456789012:task-definition/uploaded-app:5\",\"lastStatus\":\"RUNNING\",\"version\":3,"
            + $"\"createdAt\":\"{Iso(0)}\",\"pullStartedAt\":\"{Iso(6)}\",\"pullStoppedAt\":\"{Iso(7.5)}\",\"startedAt\":\"{Iso(8.25)}\"}}}}";
        var file = running + "\n{broken\n" + running + "\n";
        await page.SetInputFilesAsync("#start-time-file", new FilePayload { Name = "events.jsonl", MimeType = "application/json", Buffer = Encoding.UTF8.GetBytes(file) });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();

        var result = page.Locator("#start-time-import-result");
        await Expect(result).ToHaveAttributeAsync("data-outcome", "ok");
        await Expect(result.Locator("[data-count='added']")).ToHaveTextAsync("1");
        await Expect(result.Locator("[data-count='duplicates']")).ToHaveTextAsync("1");
        await Expect(result.Locator("[data-count='malformed']")).ToHaveTextAsync("1");
        await Expect(result.Locator(".st-malformed li")).ToContainTextAsync("events.jsonl line 2");

        // The imported task arrives through the live feed: no reload.
        var row = page.Locator("#start-time-tasks tbody tr[data-task='0123456789abcdef0123456789abcdef']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("td:nth-child(2)")).ToHaveTextAsync("uploaded-app:5");
        await Expect(row.Locator("td:nth-child(4)")).ToHaveTextAsync("8.250");
        await Expect(TaskRows(page)).ToHaveCountAsync(25);
        await Expect(page.Locator("#start-time-family option[value='uploaded-app']")).ToHaveCountAsync(1);

        var csv = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-csv").ClickAsync());
        Assert.Matches(@"^start-times-\d{8}T\d{4}Z\.csv$", csv.SuggestedFilename);
        var csvLines = (await File.ReadAllTextAsync(await csv.PathAsync())).Split("\r\n");
        Assert.StartsWith("taskId,taskArn,family,revision,", csvLines[0]);
        Assert.Equal(25, csvLines.Skip(1).TakeWhile(l => l != "").Count());
        Assert.Contains(csvLines, l => l.StartsWith("0123456789abcdef0123456789abcdef,") && l.EndsWith(",true,8.250,6.000,1.500,0.750"));

        var markdown = await page.RunAndWaitForDownloadAsync(() => page.Locator("#export-markdown").ClickAsync());
        Assert.EndsWith(".md", markdown.SuggestedFilename);
        var text = await File.ReadAllTextAsync(await markdown.PathAsync());
        Assert.Contains("## Start time per task definition (family:revision)", text);
        Assert.Contains("| uploaded-app ", text);

        // A bad file gets one clear line, not a page of errors.
        await page.SetInputFilesAsync("#start-time-file", new FilePayload { Name = "huge.jsonl", MimeType = "application/json", Buffer = new byte[26 * 1024 * 1024] });
        await page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true }).ClickAsync();
        await Expect(result).ToHaveAttributeAsync("data-outcome", "error");
        await Expect(result).ToContainTextAsync("larger than 25 MB");
        Assert.Empty(session.Errors);
    }

    [BrowserFact]
    public async Task A_task_launched_on_the_experiment_page_appears_live_and_a_reload_shows_the_same_figures()
    {
        await using var session = await Session.StartAsync();
        var page = await session.OpenAsync();
        await Expect(TaskRows(page)).ToHaveCountAsync(24);
        var experiment = await session.OpenAsync("/");

        await experiment.GetByRole(AriaRole.Button, new() { Name = "Launch improved task", Exact = true }).ClickAsync();
        await Expect(experiment.Locator("#task-card .status")).ToHaveTextAsync("RUNNING", new() { Timeout = 60_000 });
        var shortId = (await experiment.Locator("#task-card .task-id").InnerTextAsync()).Trim();

        var row = page.Locator($"#start-time-tasks tbody tr[data-task^='{shortId}']");
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(row.Locator("td:nth-child(2)")).ToHaveTextAsync("FisStopTaskImprovedTaskDef:1");
        await Expect(row.Locator("td:nth-child(4)")).ToHaveTextAsync(new Regex(@"^\d+\.\d{3}$"));
        await Expect(page.Locator("#start-time-summary tbody[data-group='FisStopTaskImprovedTaskDef:1']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#start-time-page")).ToHaveAttributeAsync("data-rendered", "client");
        await Expect(page.Locator("#start-time-counts")).ToContainTextAsync("25 tasks");
        await Expect(page.Locator("#start-time-phases")).ToHaveAttributeAsync("data-groups", "3");
        await page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("start-times.png"), FullPage = true });

        // The browser's figures after the live updates are the server's figures for the same tasks. The task
        // runs to its end first, so no further update can land between the two readings.
        await Expect(experiment.Locator("#task-card .status")).ToHaveTextAsync("STOPPED", new() { Timeout = 90_000 });
        await Expect(row.Locator("td:nth-child(8)")).ToHaveTextAsync("STOPPED", new() { Timeout = 30_000 });
        var live = new[] { await Text(page, "#start-time-summary"), await Text(page, "#start-time-comparison-body"), await Text(page, "#start-time-counts") };
        await page.ReloadAsync();
        await Expect(page.Locator("#connection")).ToHaveTextAsync("live");
        await Expect(page.Locator("#start-time-page")).Not.ToHaveAttributeAsync("data-rendered", "client");
        var rendered = new[] { await Text(page, "#start-time-summary"), await Text(page, "#start-time-comparison-body"), await Text(page, "#start-time-counts") };
        Assert.Equal(rendered, live);
        Assert.Empty(session.Errors);
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
            var experiment = await session.OpenAsync();
            await AwsMode.AwsPage.WaitForAccountAsync(experiment, session.Aws);
            var page = await session.OpenAsync("/start-times");
            var errors = new List<string>();
            page.PageError += (_, error) => errors.Add(error);

            var note = page.Locator("#start-time-notes .notice.warning[data-source='Events log group']");
            await Expect(note).ToContainTextAsync("The events log group /ecs/cluster/events/FisStackECS-Cluster does not exist", new() { Timeout = AwsMode.AwsPage.Long });
            await Expect(note).ToContainTextAsync("set Aws:EventsLogGroup");
            await Expect(page.Locator("#start-time-tasks tbody tr")).ToHaveCountAsync(0);
            await Expect(page.Locator("#start-time-summary-empty")).ToBeVisibleAsync();

            await AwsMode.AwsPage.Button(experiment, "Launch baseline task").ClickAsync();
            await Expect(experiment.Locator("#task-card .status")).ToHaveTextAsync("RUNNING", new() { Timeout = AwsMode.AwsPage.Long });
            var task = Assert.Single(session.Aws.Ecs.Tasks);

            var row = page.Locator($"#start-time-tasks tbody tr[data-task='{task.Id}']");
            await Expect(row).ToBeVisibleAsync(new() { Timeout = AwsMode.AwsPage.Long });
            await Expect(row.Locator("td:nth-child(2)")).ToHaveTextAsync(new Regex(@"^FisStopTaskStackTaskDef:\d+$"));
            await Expect(row.Locator("td:nth-child(4)")).ToHaveTextAsync(new Regex(@"^\d+\.\d{3}$"));
            await Expect(page.Locator("#start-time-summary-empty")).ToHaveCountAsync(0);
            // One task definition: nothing to choose for a comparison yet.
            await Expect(page.Locator("#start-time-pick")).ToBeHiddenAsync();
            await Expect(page.Locator("#start-time-headline")).ToHaveTextAsync("A comparison needs two task definitions with started tasks in this range.");
            await page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("start-times-aws.png"), FullPage = true });
            Assert.Empty(errors);
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }
}
