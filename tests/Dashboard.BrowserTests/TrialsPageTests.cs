using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests;

/// <summary>
/// Trials recorded as they run: kept across a restart and a crash, replayed to exactly what the live
/// page showed, compared side by side, exported, imported and deleted, all through the pages.
/// </summary>
public class TrialsPageTests
{
    static readonly LocatorAssertionsToHaveTextOptions Long = new() { Timeout = 90_000 };

    /// <summary>What the experiment page shows at the end of a run, as text, to hold a replay against.</summary>
    sealed record PageText(string Verdict, string Items, string Log, string Timeline, int[] LogNumbers);

    static async Task<PageText> Read(ExperimentView page) => new(
        await ExperimentView.Text(page.Verdict),
        await ExperimentView.Text(page.ItemsCard),
        await ExperimentView.Text(page.Log),
        (await page.Timeline.GetAttributeAsync("aria-label"))!,
        await page.LogLineNumbers());

    /// <summary>Baseline or improved: launch, interrupt, launch again and wait for the verdict.</summary>
    static async Task<int> RunTrial(ExperimentView page, string launch, string verdict)
    {
        var before = await ExperimentPageTests.LaunchAndInterrupt(page, launch);
        await page.Button(launch).ClickAsync();
        await Expect(page.Verdict).ToHaveAttributeAsync("data-status", verdict, new() { Timeout = 90_000 });
        await Expect(page.TaskStatus).ToHaveTextAsync("STOPPED", Long);
        await Expect(page.Log).ToContainTextAsync("Successfully PUT item 9 out of 10 into DDB", new() { Timeout = 90_000 });
        return before;
    }

    /// <summary>Waits until the recorder has written the trial's verdict, as the API lists it.</summary>
    static async Task WaitForRecorded(BrowserSession session, IPage page, long id, string verdict)
    {
        await page.WaitForFunctionAsync(
            "async ([url, id, verdict]) => { const r = await fetch(url + '/api/trials'); const t = (await r.json()).find(t => t.id === id); return t && t.verdict === verdict && t.itemWrites >= 10; }",
            new object[] { session.Dashboard.Url, id, verdict }, new() { Timeout = 30_000, PollingInterval = 200 });
    }

    /// <summary>
    /// Opens a page on a dashboard that has just been restarted: its first circuit after a cold start
    /// may take longer than a warm one on a busy machine.
    /// </summary>
    internal static async Task<IPage> OpenAfterRestart(BrowserSession session, string path)
    {
        var context = await session.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1600, Height = 1200 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(session.Dashboard.Url + path);
        await Expect(new ExperimentView(page).Connection).ToHaveTextAsync("live", new() { Timeout = 60_000 });
        return page;
    }

    [BrowserFact]
    public async Task A_recorded_trial_survives_a_restart_and_its_replay_ends_as_the_live_page_did()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());

        var before = await RunTrial(page, "Launch baseline task", "refuted");
        await WaitForRecorded(session, page.Page, 1, "refuted");
        // Nothing more arrives once the batch is done: what the page shows now is the end of the trial.
        var live = await Read(page);
        Assert.Contains("Successfully PUT item 9 out of 10 into DDB", live.Log);

        await session.Dashboard.RestartAsync(TimeSpan.Zero);

        var trials = new TrialsView(await OpenAfterRestart(session, "/trials"));
        await Expect(trials.Row(1)).ToBeVisibleAsync();
        await Expect(trials.Cell(1, "verdict")).ToHaveTextAsync("refuted");
        await Expect(trials.Cell(1, "mode")).ToHaveTextAsync("sandbox");
        await Expect(trials.Cell(1, "tasks")).ToHaveTextAsync("FisStopTaskStackTaskDef:1");
        await Expect(trials.Cell(1, "again")).ToHaveTextAsync(new Regex($"^{before} \\(0"));
        await Expect(trials.Cell(1, "missing")).ToHaveTextAsync("none");
        await Expect(trials.Cell(1, "gap")).ToHaveTextAsync(new Regex(@"^\d+(\.\d)? s$"));

        // The replay, jumped to its end, shows exactly what the live page ended with.
        await trials.Row(1).GetByRole(AriaRole.Link, new() { Name = "Replay" }).ClickAsync();
        var replay = new TrialsView(trials.Page);
        await Expect(replay.ReplayBanner).ToContainTextAsync("Replay of trial 1, recorded");
        await Expect(replay.ReplayBanner).ToContainTextAsync("in the sandbox");
        await Expect(replay.ReplayBanner).ToContainTextAsync("not live");
        var shown = new ExperimentView(trials.Page);
        // Actions are disabled during a replay.
        foreach (var action in new[] { "Launch baseline task", "Launch improved task", "Start experiment", "Clear table…" })
            await Expect(shown.Button(action)).ToBeDisabledAsync();
        await replay.PlayerButton("Jump to end").ClickAsync();
        await Expect(shown.Verdict).ToHaveAttributeAsync("data-status", "refuted");
        await Expect(shown.Log).ToContainTextAsync("Successfully PUT item 9 out of 10 into DDB");
        var replayed = await Read(shown);
        Assert.Equal(live.Verdict, replayed.Verdict);
        Assert.Equal(live.Items, replayed.Items);
        Assert.Equal(live.Timeline, replayed.Timeline);
        Assert.Equal(live.LogNumbers, replayed.LogNumbers);
        Assert.Equal(live.Log, replayed.Log);

        // Back to the start: nothing written yet, then playing at 15× moves on.
        await replay.Position.FillAsync("0");
        await Expect(shown.ItemsNotWritten).ToHaveCountAsync(10);
        await Expect(shown.Verdict).ToHaveAttributeAsync("data-status", "notTested");
        await replay.PlayerButton("15×").ClickAsync();
        await replay.PlayerButton("Play").ClickAsync();
        await Expect(shown.ItemsWrittenOnce.Or(shown.ItemsWrittenAgain).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        // It plays to the end by itself and stops there, where the live page ended.
        await Expect(shown.Verdict).ToHaveAttributeAsync("data-status", "refuted", new() { Timeout = 60_000 });
        await Expect(replay.PlayerButton("Play")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // Pause holds it: from the start at 1×, paused at once, it is still short of the end.
        await replay.Position.FillAsync("0");
        await replay.PlayerButton("1×").ClickAsync();
        await replay.PlayerButton("Play").ClickAsync();
        await replay.PlayerButton("Pause").ClickAsync();
        await Expect(replay.PlayerButton("Play")).ToBeVisibleAsync();
        await Expect(shown.Verdict).ToHaveAttributeAsync("data-status", "notTested");
    }

    [BrowserFact]
    public async Task A_trial_cut_by_a_crash_is_there_after_the_restart_with_what_was_recorded()
    {
        await using var session = await BrowserSession.StartAsync(timeScale: 30);
        var page = new ExperimentView(await session.OpenAsync());
        await page.Button("Launch baseline task").ClickAsync();
        await Expect(page.Item(1)).ToHaveAccessibleNameAsync("Item 1, written once", new() { Timeout = 60_000 });
        await WaitForWrites(session, page.Page, 2);

        // Killed mid-run, as a crash.
        await session.Dashboard.RestartAsync(TimeSpan.Zero);

        var trials = new TrialsView(await OpenAfterRestart(session, "/trials"));
        await Expect(trials.Row(1)).ToBeVisibleAsync();
        await Expect(trials.Cell(1, "tasks")).ToHaveTextAsync("FisStopTaskStackTaskDef:1");
        await Expect(trials.Cell(1, "duration")).ToHaveAttributeAsync("title", "Ended: the dashboard stopped before the table was cleared");
        await Expect(trials.Row(1).GetByText("recording")).ToHaveCountAsync(0);

        var replay = new ExperimentView(await session.OpenAsync("/trials/1/replay?at=end"));
        var written = await replay.ItemsWrittenOnce.CountAsync();
        Assert.InRange(written, 2, 10);
        await Expect(replay.TaskStatus).ToHaveTextAsync("RUNNING");
        await Expect(replay.Log).ToContainTextAsync("Successfully PUT item 1 out of 10 into DDB");

        // The dashboard records again after the restart, in a trial of its own.
        var fresh = new ExperimentView(await session.OpenAsync());
        await fresh.Button("Launch improved task").ClickAsync();
        await Expect(fresh.TaskStatus).ToHaveTextAsync("RUNNING", new() { Timeout = 60_000 });
        await trials.Page.ReloadAsync();
        await Expect(trials.Row(2)).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(trials.Row(2).GetByText("recording")).ToBeVisibleAsync();
        Assert.Equal(new long[] { 2, 1 }, await trials.Ids());
    }

    static async Task WaitForWrites(BrowserSession session, IPage page, int writes) =>
        await page.WaitForFunctionAsync(
            "async ([url, n]) => { const r = await fetch(url + '/api/trials'); const t = await r.json(); return t.length > 0 && t[0].itemWrites >= n; }",
            new object[] { session.Dashboard.Url, writes }, new() { Timeout = 30_000, PollingInterval = 200 });

    [BrowserFact]
    public async Task Baseline_and_improved_side_by_side_state_the_difference_and_a_trial_exports_imports_and_deletes()
    {
        await using var session = await BrowserSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());

        var baselineBefore = await RunTrial(page, "Launch baseline task", "refuted");
        await page.Button("Clear table…").ClickAsync();
        await page.ClearDialog.GetByRole(AriaRole.Button, new() { Name = "Delete items" }).ClickAsync();
        await Expect(page.ItemsNotWritten).ToHaveCountAsync(10);
        var improvedBefore = await RunTrial(page, "Launch improved task", "confirmed");
        await WaitForRecorded(session, page.Page, 2, "confirmed");

        // The side-by-side view picks the latest baseline and the latest improved by itself.
        var compare = new TrialsView(await session.OpenAsync("/trials/compare"));
        var sentence = $"The baseline wrote {baselineBefore} item{(baselineBefore == 1 ? "" : "s")} twice; the improved task resumed at item {improvedBefore} and wrote none twice.";
        await Expect(compare.Difference).ToHaveTextAsync(sentence);
        await Expect(compare.Side(1).GetByRole(AriaRole.Region, new() { Name = "Verdict" })).ToHaveAttributeAsync("data-status", "refuted");
        await Expect(compare.Side(2).GetByRole(AriaRole.Region, new() { Name = "Verdict" })).ToHaveAttributeAsync("data-status", "confirmed");
        await Expect(compare.Side(1).GetByRole(AriaRole.Listitem, new() { NameRegex = new Regex(@", written 2 times$") })).ToHaveCountAsync(baselineBefore);
        await Expect(compare.Side(2).GetByRole(AriaRole.Listitem, new() { NameRegex = new Regex(", written once$") })).ToHaveCountAsync(10);
        await Expect(compare.Side(1).GetByRole(AriaRole.Img)).ToHaveAccessibleNameAsync(new Regex("^Items written over time"));
        await Expect(compare.Side(2).GetByRole(AriaRole.Img)).ToHaveAccessibleNameAsync(new Regex("^Items written over time"));
        await Expect(compare.Page.GetByLabel("First trial")).ToHaveValueAsync("1");
        await Expect(compare.Page.GetByLabel("Second trial")).ToHaveValueAsync("2");
        // Any two can be chosen: two baselines are named by their numbers.
        await compare.Page.GetByLabel("Second trial").SelectOptionAsync("1");
        await Expect(compare.Difference).ToHaveTextAsync(new Regex($"^Trial 1 wrote {baselineBefore} items? twice; trial 1 wrote {baselineBefore} items? twice\\.$"));
        await Expect(compare.Page).ToHaveURLAsync(new Regex(@"/trials/compare\?a=1&b=1$"));

        // The presenter's side by side fits a 1920×1080 projector: nothing wider than the screen or its card.
        var presenter = new TrialsView(await session.OpenAsync("/presenter/compare", 1920, 1080));
        await Expect(presenter.Difference).ToHaveTextAsync(sentence);
        await presenter.Page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("trials-compare.png") });
        var spilled = await presenter.Page.EvaluateAsync<string[]>(@"() => [
            ...(document.documentElement.scrollWidth > window.innerWidth ? ['the page'] : []),
            ...[...document.querySelectorAll('section')].filter(s => s.scrollWidth > s.clientWidth + 1).map(s => s.getAttribute('aria-label') ?? '?')]");
        Assert.True(spilled.Length == 0, $"spill over at 1920×1080: {string.Join(", ", spilled)}");
        var height = await presenter.Page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        Assert.True(height <= 1080, $"the presenter's side by side is {height}px high");

        // Export trial 1, import it: the copy's changes are the original's, line for line.
        var api = page.Page.APIRequest;
        var original = await (await api.GetAsync($"{session.Dashboard.Url}/api/trials/1/export")).TextAsync();
        var imported = await api.PostAsync($"{session.Dashboard.Url}/api/trials/import", new() { Data = original });
        Assert.Equal(200, imported.Status);
        var id = JsonDocument.Parse(await imported.TextAsync()).RootElement.GetProperty("trialId").GetInt64();
        Assert.Equal(3, id);
        var copy = await (await api.GetAsync($"{session.Dashboard.Url}/api/trials/{id}/export")).TextAsync();
        Assert.Equal(original.Split('\n').Skip(1), copy.Split('\n').Skip(1));
        Assert.True(original.Split('\n').Length > 20);

        var trials = new TrialsView(await session.OpenAsync("/trials"));
        Assert.Equal(new long[] { 3, 2, 1 }, await trials.Ids());
        await Expect(trials.Row(3)).ToContainTextAsync("imported");
        await Expect(trials.Cell(3, "verdict")).ToHaveTextAsync("refuted");
        await Expect(trials.Cell(3, "again")).ToHaveTextAsync(await trials.Cell(1, "again").InnerTextAsync());

        // A damaged file is refused with its line number through the page, and changes nothing.
        var lines = original.Split('\n');
        var damaged = string.Join('\n', lines.Take(6)) + "\n" + lines[6][..(lines[6].Length / 2)] + "\n";
        await trials.FileInput.SetInputFilesAsync(new FilePayload { Name = "damaged.trial.jsonl", MimeType = "application/x-ndjson", Buffer = System.Text.Encoding.UTF8.GetBytes(damaged) });
        await trials.Button("Import").ClickAsync();
        await Expect(trials.Outcome).ToHaveTextAsync(new Regex(@"^Nothing was imported\. Line 7: not valid JSON"));
        await Expect(trials.Outcome).ToHaveAttributeAsync("data-outcome", "error");
        var cut = string.Join('\n', lines.Take(6)) + "\n";
        await trials.FileInput.SetInputFilesAsync(new FilePayload { Name = "cut.trial.jsonl", MimeType = "application/x-ndjson", Buffer = System.Text.Encoding.UTF8.GetBytes(cut) });
        await trials.Button("Import").ClickAsync();
        await Expect(trials.Outcome).ToHaveTextAsync(new Regex(@"^Nothing was imported\. Line 6: the file ends after 5 changes but its header announces \d+: it was cut short"));
        var foreign = await api.PostAsync($"{session.Dashboard.Url}/api/trials/import", new() { Data = "{\"hello\":1}\n" });
        Assert.Equal(400, foreign.Status);
        Assert.Contains("Line 1: this is not a Chaos Dashboard trial file", await foreign.TextAsync());
        Assert.Equal(new long[] { 3, 2, 1 }, await trials.Ids());

        // The good file through the page too.
        await trials.FileInput.SetInputFilesAsync(new FilePayload { Name = "trial-1.trial.jsonl", MimeType = "application/x-ndjson", Buffer = System.Text.Encoding.UTF8.GetBytes(original) });
        await trials.Button("Import").ClickAsync();
        await Expect(trials.Outcome).ToHaveTextAsync(new Regex("^Imported as trial 4: "));
        await Expect(trials.Row(4)).ToBeVisibleAsync();

        // Deleting asks first; cancelling keeps the trial.
        await trials.Button("Delete trial 4…").ClickAsync();
        await Expect(trials.Dialog).ToContainTextAsync("Delete trial 4?");
        await trials.Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(trials.Dialog).ToHaveCountAsync(0);
        await Expect(trials.Row(4)).ToBeVisibleAsync();
        await trials.Button("Delete trial 4…").ClickAsync();
        await trials.Dialog.GetByRole(AriaRole.Button, new() { Name = "Delete trial" }).ClickAsync();
        await Expect(trials.Outcome).ToHaveTextAsync("Deleted trial 4");
        await Expect(trials.Row(4)).ToHaveCountAsync(0);
        // Another site cannot delete one.
        var forged = await api.DeleteAsync($"{session.Dashboard.Url}/api/trials/3", new() { Headers = new Dictionary<string, string> { ["Origin"] = "http://evil.example" } });
        Assert.Equal(403, forged.Status);
        Assert.Equal(new long[] { 3, 2, 1 }, await trials.Ids());
    }
}
