using Microsoft.Playwright;
using static ChaosDashboard.BrowserTests.AwsMode.AwsPage;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>A trial in AWS mode (against the fake account) is recorded with its account and region, and replays after a restart.</summary>
[Collection(AwsModeCollection.Name)]
public class AwsTrialTests
{
    [BrowserFact]
    public async Task A_trial_in_AWS_mode_is_recorded_with_its_account_and_replays_after_a_restart()
    {
        await using var session = await AwsModeSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());
        await WaitForAccountAsync(page, session.Aws);

        await LaunchAndInterruptAsync(page, session, "Launch improved task");
        await page.Button("Launch improved task").ClickAsync();
        await Expect(page.Verdict).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = Long });
        await Expect(page.TaskStatus).ToHaveTextAsync("STOPPED", new() { Timeout = Long });
        await page.Page.WaitForFunctionAsync(
            "async url => { const t = (await (await fetch(url + '/api/trials')).json()).find(t => t.id === 1); return t && t.verdict === 'confirmed' && t.itemWrites === 10; }",
            session.Dashboard.Url, new() { Timeout = 30_000, PollingInterval = 200 });
        var verdict = await ExperimentView.Text(page.Verdict);
        var items = await ExperimentView.Text(page.ItemsCard);

        await session.Dashboard.RestartAsync(TimeSpan.Zero);

        var where = $"AWS account {session.Aws.Options.Account} · {session.Aws.Options.Region}";
        var trials = new TrialsView(await TrialsPageTests.OpenAfterRestart(session.Browser, "/trials"));
        await Expect(trials.Cell(1, "mode")).ToHaveTextAsync(where);
        await Expect(trials.Cell(1, "verdict")).ToHaveTextAsync("confirmed");
        await Expect(trials.Cell(1, "tasks")).ToContainTextAsync("FisStopTaskImprovedTaskDef");
        await Expect(trials.Cell(1, "again")).ToHaveTextAsync("none");

        var replay = new TrialsView(await session.OpenAsync("/trials/1/replay?at=end"));
        await Expect(replay.ReplayBanner).ToContainTextAsync($"Replay of trial 1, recorded");
        await Expect(replay.ReplayBanner).ToContainTextAsync($"in AWS mode ({where})");
        var shown = new ExperimentView(replay.Page);
        Assert.Equal(verdict, await ExperimentView.Text(shown.Verdict));
        Assert.Equal(items, await ExperimentView.Text(shown.ItemsCard));
        await Expect(shown.Button("Launch improved task")).ToBeDisabledAsync();
    }
}
