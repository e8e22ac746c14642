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

    /// <summary>The AWS problems shown at the top of the page, one alert each.</summary>
    public static ILocator Problems(ExperimentView page) => page.Problems.GetByRole(AriaRole.Alert);

    /// <summary>Discovery has answered: the header names the fake's account and region.</summary>
    public static async Task WaitForAccountAsync(ExperimentView page, FakeAwsServer aws) =>
        await Expect(page.Where).ToHaveTextAsync($"AWS account {aws.Options.Account} · {aws.Options.Region}", new() { Timeout = Long });

    /// <summary>Launches a task, waits for two items, interrupts it with the experiment and waits until it has stopped.</summary>
    /// <returns>The fake's view of the interrupted task.</returns>
    public static async Task<FakeTask> LaunchAndInterruptAsync(ExperimentView page, AwsModeSession session, string launchButton)
    {
        var before = session.Aws.Ecs.Tasks.Count;
        await page.Button(launchButton).ClickAsync();
        await Expect(page.ActionOutcome).ToHaveTextAsync(new Regex(@"^Launched FisStop\w+ as task [0-9a-f]{32}$"), new() { Timeout = Long });
        var task = session.Aws.Ecs.Tasks[before];
        await Expect(page.TaskId).ToHaveAttributeAsync("title", task.Arn);
        await Expect(page.TaskStatus).ToHaveTextAsync("RUNNING", new() { Timeout = Long });
        await Expect(page.Item(1)).ToHaveAccessibleNameAsync("Item 1, written once", new() { Timeout = Long });

        await page.Button("Start experiment").ClickAsync();
        await Expect(page.ExperimentStatus).ToHaveTextAsync("completed", new() { Timeout = Long });
        await Expect(page.TaskStatus).ToHaveTextAsync("STOPPED", new() { Timeout = Long });
        var experiment = session.Aws.Fis.Experiments[^1];
        await Expect(page.StoppedReason).ToHaveTextAsync($"Task stopped by AWS FIS (Experiment ID: {experiment.Id})");
        await Expect(page.StopCode).ToHaveTextAsync("UserInitiated");
        await Expect(page.Targets).ToHaveTextAsync(task.Id[..8]);
        await Expect(page.Verdict).ToHaveAttributeAsync("data-status", "inProgress");
        Assert.Equal(new[] { task.Arn }, experiment.TargetTaskArns);
        return task;
    }

    /// <summary>A problem with one source is on the page, e.g. ("ECS", "ThrottlingException").</summary>
    public static async Task ExpectProblemAsync(ExperimentView page, string source, string text) =>
        await Expect(Problems(page).Filter(new() { HasText = $"{source}:" })).ToContainTextAsync(text, new() { Timeout = Long });

    /// <summary>The lines the task wrote to its log stream, less the structured ones the dashboard reads but does not show.</summary>
    public static IReadOnlyList<string> ShownLines(FakeAwsServer aws, FakeTask task) =>
        aws.Logs.Messages(task.LogStream).Where(line => Batch.JobLogLine.TryParse(line) is null).ToList();
}
