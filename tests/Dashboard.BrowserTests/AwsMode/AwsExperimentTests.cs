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
        var page = await session.OpenAsync();
        await WaitForAccountAsync(page, session.Aws);

        var first = await LaunchAndInterruptAsync(page, session, "Launch improved task");
        var afterStop = await session.Dynamo.ReadItemsAsync(session.Table);
        var resumeAt = afterStop.Count;
        Assert.InRange(resumeAt, 2, 9);
        Assert.Equal(Enumerable.Range(0, resumeAt), afterStop.Select(i => i.Index));
        Assert.All(afterStop, item => Assert.Equal(first.Id, item.WrittenBy));
        await Expect(page.Locator("#items-card li.item:not(.missing)")).ToHaveCountAsync(resumeAt, new() { Timeout = Long });

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

        await Button(page, "Launch improved task").ClickAsync();
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-status", "confirmed", new() { Timeout = Long });
        await Expect(page.Locator("#task-card .status")).ToHaveTextAsync("STOPPED", new() { Timeout = Long });
        await Expect(page.Locator("#task-card .stop-code")).ToHaveTextAsync("EssentialContainerExited");
        await Expect(page.Locator("#log-console")).ToContainTextAsync($"Continuing at {resumeAt}", new() { Timeout = Long });
        await Expect(page.Locator("#log-console")).ToContainTextAsync("Successfully PUT item 9 out of 10 into DDB");
        await Expect(page.Locator("#items-card li.item.once")).ToHaveCountAsync(10);
        await Expect(page.Locator("#items-card .count")).ToHaveTextAsync("10 / 10");
        await Expect(page.Locator("#verdict .evidence")).ToContainTextAsync($"started at item {resumeAt}");
        await Expect(page.Locator("#verdict .evidence")).ToContainTextAsync("No item was written more than once");

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
        await Expect(page.Locator(".topbar .where")).ToContainTextAsync(session.Aws.Options.Account);
        await Expect(Problems(page)).ToHaveCountAsync(0);
        Assert.Empty(session.Aws.Violations);
        Assert.All(session.Aws.Requests, request => Assert.Equal("AKIDEXAMPLE", request.AccessKeyId));
        await page.ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("aws-mode.png"), FullPage = true });
    }

    [BrowserFact]
    public async Task Baseline_task_starts_again_at_zero_and_the_hypothesis_is_refuted_then_the_table_is_cleared()
    {
        await using var session = await AwsModeSession.StartAsync();
        var page = await session.OpenAsync();
        await WaitForAccountAsync(page, session.Aws);

        await LaunchAndInterruptAsync(page, session, "Launch baseline task");
        var before = (await session.Dynamo.ReadItemsAsync(session.Table)).Count;
        Assert.InRange(before, 2, 9);

        await Button(page, "Launch baseline task").ClickAsync();
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-status", "refuted", new() { Timeout = Long });
        await Expect(page.Locator("#task-card .status")).ToHaveTextAsync("STOPPED", new() { Timeout = Long });
        await Expect(page.Locator("#task-card .stop-code")).ToHaveTextAsync("EssentialContainerExited");
        await Expect(page.Locator("#items-card li.item.again")).ToHaveCountAsync(before, new() { Timeout = Long });
        await Expect(page.Locator("#items-card li.item.missing")).ToHaveCountAsync(0);
        await Expect(page.Locator("#items-card li.item[data-index='0'] .writes")).ToHaveTextAsync("×2");
        await Expect(page.Locator("#verdict .evidence")).ToContainTextAsync("started at item 0");

        // The table agrees: the restart wrote the first items a second time.
        var items = await session.Dynamo.ReadItemsAsync(session.Table);
        Assert.Equal(Enumerable.Range(0, 10), items.Select(i => i.Index));
        Assert.All(items, item => Assert.Equal(item.Index < before ? 2 : 1, item.Writes));

        // Clearing asks first; cancelling keeps the items.
        await Button(page, "Clear table…").ClickAsync();
        await Expect(page.Locator("#clear-dialog")).ToBeVisibleAsync();
        await Button(page, "Cancel").ClickAsync();
        await Expect(page.Locator("#items-card .count")).ToHaveTextAsync("10 / 10");
        Assert.Equal(10, (await session.Dynamo.ReadItemsAsync(session.Table)).Count);

        await Button(page, "Clear table…").ClickAsync();
        await Button(page, "Delete items").ClickAsync();
        await Expect(page.Locator("#action-message")).ToHaveTextAsync("Deleted 10 items from the table", new() { Timeout = Long });
        await Expect(page.Locator("#items-card li.item.missing")).ToHaveCountAsync(10);
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-status", "notTested");
        Assert.Empty(await session.Dynamo.ReadItemsAsync(session.Table));
        Assert.Empty(session.Aws.Violations);
    }
}
