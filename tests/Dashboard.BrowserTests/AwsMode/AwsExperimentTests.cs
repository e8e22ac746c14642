using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ChaosDashboard.FakeAws;
using Microsoft.Playwright;
using static ChaosDashboard.BrowserTests.AwsMode.AwsPage;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>
/// The workshop's steps by clicking, with the dashboard in AWS mode: real ECS, FIS, CloudWatch Logs
/// and STS calls to the fake account, and the real processing loop writing into dynalite.
/// </summary>
[Collection(AwsModeCollection.Name)]
public class AwsExperimentTests
{
    [BrowserFact]
    public async Task Improved_task_continues_where_the_experiment_stopped_it_and_the_hypothesis_is_confirmed()
    {
        await using var session = await AwsModeSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());
        await WaitForAccountAsync(page, session.Aws);

        var first = await LaunchAndInterruptAsync(page, session, "Launch improved task");
        var afterStop = await session.Dynamo.ReadItemsAsync(session.Table);
        var resumeAt = afterStop.Count;
        Assert.InRange(resumeAt, 2, 9);
        Assert.Equal(Enumerable.Range(0, resumeAt), afterStop.Select(i => i.Index));
        Assert.All(afterStop, item => Assert.Equal(first.Id, item.WrittenBy));
        await Expect(page.ItemsWrittenOnce).ToHaveCountAsync(resumeAt, new() { Timeout = Long });

        // What the launch asked of ECS: the tag FIS targets, tag propagation, who started it, and an idempotency token.
        var runTask = Assert.Single(session.Aws.RequestsOf("RunTask")).Json!.AsObject();
        Assert.Equal("FisStackECS-Cluster", (string?)runTask["cluster"]);
        Assert.Equal("FisStopTaskImprovedTaskDef", (string?)runTask["taskDefinition"]);
        Assert.Equal("FARGATE", (string?)runTask["launchType"]);
        Assert.Equal("TASK_DEFINITION", (string?)runTask["propagateTags"]);
        Assert.Equal("chaos-dashboard", (string?)runTask["startedBy"]);
        Assert.False(string.IsNullOrEmpty((string?)runTask["clientToken"]));
        Assert.Equal("subnet-0abc", (string?)runTask["networkConfiguration"]!["awsvpcConfiguration"]!["subnets"]![0]);
        Assert.Contains(runTask["tags"]!.AsArray(), tag => (string?)tag!["key"] == "fisTarget" && (string?)tag["value"] == "true");
        Assert.Equal("true", first.Tags["fisTarget"]);

        await page.Button("Launch improved task").ClickAsync();
        await Expect(page.Verdict).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = Long });
        await Expect(page.TaskStatus).ToHaveTextAsync("STOPPED", new() { Timeout = Long });
        await Expect(page.StopCode).ToHaveTextAsync("EssentialContainerExited");
        await Expect(page.Log).ToContainTextAsync($"Continuing at {resumeAt}", new() { Timeout = Long });
        await Expect(page.Log).ToContainTextAsync("Successfully PUT item 9 out of 10 into DDB");
        await Expect(page.ItemsWrittenOnce).ToHaveCountAsync(10);
        await Expect(page.ItemCount).ToHaveTextAsync("10 / 10");
        await Expect(page.Evidence).ToContainTextAsync($"started at item {resumeAt}");
        await Expect(page.Evidence).ToContainTextAsync("No item was written more than once");

        // The table itself: each item once, the rest written by the second task.
        var second = session.Aws.Ecs.Tasks[1];
        var items = await session.Dynamo.ReadItemsAsync(session.Table);
        Assert.Equal(Enumerable.Range(0, 10), items.Select(i => i.Index));
        Assert.All(items, item => Assert.Equal(1, item.Writes));
        Assert.All(items.Skip(resumeAt), item => Assert.Equal(second.Id, item.WrittenBy));

        // Two clicks, two tasks: each launch carried its own token.
        var tokens = session.Aws.RequestsOf("RunTask").Select(r => (string?)r.Json!["clientToken"]).ToList();
        Assert.Equal(2, tokens.Distinct().Count());
        Assert.Equal(2, session.Aws.Ecs.Tasks.Count);

        // The header names the account the credentials belong to, as STS said.
        await Expect(page.Where).ToContainTextAsync(session.Aws.Options.Account);
        await Expect(Problems(page)).ToHaveCountAsync(0);
        Assert.Empty(session.Aws.Violations);
        Assert.All(session.Aws.Requests, request => Assert.Equal("AKIDEXAMPLE", request.AccessKeyId));
        await page.Page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("aws-mode.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task Baseline_task_starts_again_at_zero_and_the_hypothesis_is_refuted_then_the_table_is_cleared()
    {
        await using var session = await AwsModeSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());
        await WaitForAccountAsync(page, session.Aws);

        await LaunchAndInterruptAsync(page, session, "Launch baseline task");
        var before = (await session.Dynamo.ReadItemsAsync(session.Table)).Count;
        Assert.InRange(before, 2, 9);

        await page.Button("Launch baseline task").ClickAsync();
        await Expect(page.Verdict).ToHaveAttributeAsync("data-status", "refuted", new() { Timeout = Long });
        await Expect(page.TaskStatus).ToHaveTextAsync("STOPPED", new() { Timeout = Long });
        await Expect(page.StopCode).ToHaveTextAsync("EssentialContainerExited");
        await Expect(page.ItemsWrittenAgain).ToHaveCountAsync(before, new() { Timeout = Long });
        await Expect(page.ItemsNotWritten).ToHaveCountAsync(0);
        await Expect(page.Item(0)).ToContainTextAsync("×2");
        await Expect(page.Evidence).ToContainTextAsync("started at item 0");

        // The table agrees: the restart wrote the first items a second time.
        var items = await session.Dynamo.ReadItemsAsync(session.Table);
        Assert.Equal(Enumerable.Range(0, 10), items.Select(i => i.Index));
        Assert.All(items, item => Assert.Equal(item.Index < before ? 2 : 1, item.Writes));

        // Clearing asks first; cancelling keeps the items.
        await page.Button("Clear table…").ClickAsync();
        await Expect(page.ClearDialog).ToBeVisibleAsync();
        await page.ClearDialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.ItemCount).ToHaveTextAsync("10 / 10");
        Assert.Equal(10, (await session.Dynamo.ReadItemsAsync(session.Table)).Count);

        await page.Button("Clear table…").ClickAsync();
        await page.ClearDialog.GetByRole(AriaRole.Button, new() { Name = "Delete items" }).ClickAsync();
        await Expect(page.ActionOutcome).ToHaveTextAsync("Deleted 10 items from the table", new() { Timeout = Long });
        await Expect(page.ItemsNotWritten).ToHaveCountAsync(10);
        await Expect(page.Verdict).ToHaveAttributeAsync("data-status", "notTested");
        Assert.Empty(await session.Dynamo.ReadItemsAsync(session.Table));
        Assert.Empty(session.Aws.Violations);
    }
}
