using System.Text.RegularExpressions;
using ChaosDashboard.FakeAws;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>What the AWS-mode tests do on the page, step by step as a participant does it.</summary>
static class AwsPage
{
    /// <summary>Generous: polls, retries and the fake's timers add up on a loaded machine.</summary>
    public const float Long = 60_000;

    public static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public static ILocator Problems(IPage page) => page.Locator("#problems .notice.problem");

    /// <summary>Discovery has answered: the header names the fake's account and region.</summary>
    public static async Task WaitForAccountAsync(IPage page, FakeAwsServer aws) =>
        await Expect(page.Locator(".topbar .where")).ToHaveTextAsync(
            $"AWS account {aws.Options.Account} · {aws.Options.Region}", new() { Timeout = Long });

    /// <summary>Launches a task, waits for two items, interrupts it with the experiment and waits until it has stopped.</summary>
    /// <returns>The fake's view of the interrupted task.</returns>
    public static async Task<FakeTask> LaunchAndInterruptAsync(IPage page, AwsModeSession session, string launchButton)
    {
        var before = session.Aws.Ecs.Tasks.Count;
        await Button(page, launchButton).ClickAsync();
        await Expect(page.Locator("#action-message")).ToHaveTextAsync(new Regex(@"^Launched FisStop\w+ as task [0-9a-f]{32}$"), new() { Timeout = Long });
        var task = session.Aws.Ecs.Tasks[before];
        await Expect(page.Locator("#task-card .task-id")).ToHaveAttributeAsync("title", task.Arn);
        await Expect(page.Locator("#task-card .status")).ToHaveTextAsync("RUNNING", new() { Timeout = Long });
        await Expect(page.Locator("#items-card li.item[data-index='1']:not(.missing)")).ToBeVisibleAsync(new() { Timeout = Long });

        await Button(page, "Start experiment").ClickAsync();
        await Expect(page.Locator("#experiment-card .experiment-meta .status")).ToHaveTextAsync("completed", new() { Timeout = Long });
        await Expect(page.Locator("#task-card .status")).ToHaveTextAsync("STOPPED", new() { Timeout = Long });
        var experiment = session.Aws.Fis.Experiments[^1];
        await Expect(page.Locator("#task-card .stopped-reason")).ToHaveTextAsync($"Task stopped by AWS FIS (Experiment ID: {experiment.Id})");
        await Expect(page.Locator("#task-card .stop-code")).ToHaveTextAsync("UserInitiated");
        await Expect(page.Locator("#experiment-card .targets")).ToHaveTextAsync(task.Id[..8]);
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-status", "inProgress");
        Assert.Equal(new[] { task.Arn }, experiment.TargetTaskArns);
        return task;
    }

    /// <summary>A problem with one source is on the page, e.g. ("ECS", "ThrottlingException").</summary>
    public static async Task ExpectProblemAsync(IPage page, string source, string text) =>
        await Expect(Problems(page).Filter(new() { HasText = $"{source}:" })).ToContainTextAsync(text, new() { Timeout = Long });

    /// <summary>The lines the task wrote to its log stream, less the structured ones the dashboard reads but does not show.</summary>
    public static IReadOnlyList<string> ShownLines(FakeAwsServer aws, FakeTask task) =>
        aws.Logs.Messages(task.LogStream).Where(line => Processing.JobLogLine.TryParse(line) is null).ToList();
}
