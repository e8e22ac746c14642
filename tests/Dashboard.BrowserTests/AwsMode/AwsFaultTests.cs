using ChaosDashboard.FakeAws;
using static ChaosDashboard.BrowserTests.AwsMode.AwsPage;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>
/// AWS misbehaving while a task runs: rate limits, server errors, a call that never answers, bodies
/// cut short. The page must stay live, say what is wrong while it lasts, recover by itself, and lose
/// or repeat no log line.
/// </summary>
[Collection(AwsModeCollection.Name)]
public class AwsFaultTests
{
    [BrowserFact]
    public async Task The_page_rides_out_throttling_errors_hangs_and_broken_bodies_and_shows_every_log_line_once()
    {
        // Slow items keep the task running through every fault until the experiment stops it.
        await using var session = await AwsModeSession.StartAsync(new FakeAwsOptions { ItemInterval = TimeSpan.FromSeconds(5) });
        var faults = session.Aws.Faults;
        var page = new ExperimentView(await session.OpenAsync());
        await WaitForAccountAsync(page, session.Aws);

        await page.Button("Launch baseline task").ClickAsync();
        await Expect(page.TaskStatus).ToHaveTextAsync("RUNNING", new() { Timeout = Long });
        await Expect(page.Log).ToContainTextAsync("Starting batch job", new() { Timeout = Long });
        var task = Assert.Single(session.Aws.Ecs.Tasks);

        // Each fault lasts until cleared, so that every retry of a poll meets it and the page has to report it.
        async Task Weather(string what, params (string Operation, FaultKind Kind, string Source, string Shown)[] storm)
        {
            foreach (var (operation, kind, _, _) in storm) faults.Inject(operation, kind);
            foreach (var (operation, _, source, shown) in storm)
            {
                await ExpectProblemAsync(page, source, shown);
                Assert.True(faults.Hits(operation) > 0, $"{what}: no {operation} call met the fault");
            }
            await Expect(page.Connection).ToHaveTextAsync("live");
            Assert.False(session.Dashboard.HasExited, $"{what}: the dashboard exited");
            foreach (var (operation, _, _, _) in storm) faults.Clear(operation);
            await Expect(Problems(page)).ToHaveCountAsync(0, new() { Timeout = Long });
        }

        await Weather("rate limits and an outage",
            ("DescribeTasks", FaultKind.Throttling, "ECS", "DescribeTasks failed: ThrottlingException — Rate exceeded"),
            ("GetLogEvents", FaultKind.ServiceUnavailable, "Logs", "GetLogEvents failed: ServiceUnavailableException"));
        await Weather("a hang and a half-written document",
            ("DescribeTasks", FaultKind.Hang, "ECS", "DescribeTasks failed: RequestTimeout"),
            ("GetLogEvents", FaultKind.MalformedBody, "Logs", "GetLogEvents failed: MalformedResponse"));
        await Weather("server errors and dropped connections",
            ("DescribeTasks", FaultKind.InternalError, "ECS", "DescribeTasks failed: InternalFailure"),
            ("GetLogEvents", FaultKind.TruncatedBody, "Logs", "GetLogEvents failed: NetworkError"));
        // A call that hangs was tried again after the dashboard's per-attempt timeout, not waited on.
        Assert.True(faults.Hits("DescribeTasks") >= 4);
        Assert.Equal("RUNNING", task.LastStatus);

        // The experiment while FIS is throttled, then answers half a document: the stop still shows once FIS answers.
        faults.Inject("GetExperiment", FaultKind.Throttling);
        await page.Button("Start experiment").ClickAsync();
        await ExpectProblemAsync(page, "FIS", "GetExperiment failed: ThrottlingException");
        faults.Inject("GetExperiment", FaultKind.MalformedBody);
        await ExpectProblemAsync(page, "FIS", "GetExperiment failed: MalformedResponse");
        await Expect(page.Connection).ToHaveTextAsync("live");
        faults.Clear("GetExperiment");
        await Expect(page.ExperimentStatus).ToHaveTextAsync("completed", new() { Timeout = Long });
        await Expect(page.TaskStatus).ToHaveTextAsync("STOPPED", new() { Timeout = Long });
        await Expect(page.StoppedReason).ToHaveTextAsync(task.StoppedReason!);
        await Expect(Problems(page)).ToHaveCountAsync(0, new() { Timeout = Long });

        // Every line of the stream, in order, none lost to a failed read and none read twice.
        var expected = ShownLines(session.Aws, task);
        Assert.Contains(expected, line => line.StartsWith("Stop requested", StringComparison.Ordinal));
        await Expect(page.LogLines.Last).ToContainTextAsync(expected[^1], new() { Timeout = Long });
        using var state = System.Text.Json.JsonDocument.Parse(await new HttpClient().GetStringAsync(session.Dashboard.Url + "/api/experiment"));
        var kept = state.RootElement.GetProperty("logs").EnumerateArray().Select(line => line.GetProperty("text").GetString()!).ToList();
        Assert.Equal(expected, kept);
        Assert.Empty(session.Aws.Violations);
    }
}
