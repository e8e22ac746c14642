using System.Net;
using System.Text.RegularExpressions;
using ChaosDashboard.FakeAws;
using Microsoft.Playwright;
using static ChaosDashboard.BrowserTests.AwsMode.AwsPage;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>
/// Accounts and settings that cannot work: missing permissions, a cluster that is not there, no
/// credentials. The dashboard keeps running and the page says what to fix.
/// </summary>
[Collection(AwsModeCollection.Name)]
public class AwsSettingsProblemTests
{
    [BrowserFact]
    public async Task A_launch_that_IAM_denies_or_ECS_cannot_place_says_why_and_the_dashboard_keeps_running()
    {
        // The only subnet configured has no free address left: ECS answers 200 with a failure and no task.
        await using var session = await AwsModeSession.StartAsync(settings: ["--Aws:Subnets:0", "subnet-0full"]);
        var page = new ExperimentView(await session.OpenAsync());
        await WaitForAccountAsync(page, session.Aws);

        session.Aws.Faults.Deny("RunTask");
        await page.Button("Launch improved task").ClickAsync();
        await Expect(page.ActionOutcome).ToHaveTextAsync(new Regex(
            $@"^ECS RunTask failed: AccessDeniedException — User: {Regex.Escape(session.Aws.CallerArn)} is not authorized to perform: ecs:RunTask\b"),
            new() { Timeout = Long });
        await Expect(page.ActionOutcome).ToHaveAttributeAsync("data-outcome", "error");
        Assert.Equal(1, session.Aws.Faults.Hits("RunTask"));

        session.Aws.Faults.Clear("RunTask");
        await page.Button("Launch baseline task").ClickAsync();
        await Expect(page.ActionOutcome).ToHaveTextAsync(
            "ECS did not start FisStopTaskStackTaskDef: RESOURCE:ENI (No free IP address in subnet subnet-0full)", new() { Timeout = Long });

        Assert.Empty(session.Aws.Ecs.Tasks);
        Assert.Equal(2, session.Aws.RequestsOf("RunTask").Count);
        await Expect(page.TaskCard.GetByText("No task yet")).ToBeVisibleAsync();
        await Expect(page.Connection).ToHaveTextAsync("live");
        Assert.False(session.Dashboard.HasExited);
        Assert.Empty(session.Aws.Violations);
    }

    [BrowserFact]
    public async Task An_account_without_the_workshop_cluster_names_the_setting_to_fix()
    {
        await using var session = await AwsModeSession.StartAsync(new FakeAwsOptions { Clusters = [] });
        var page = new ExperimentView(await session.OpenAsync());
        await WaitForAccountAsync(page, session.Aws);

        await Expect(page.Problems).ToContainTextAsync("no ECS cluster whose name contains FisStackECS", new() { Timeout = Long });
        await Expect(page.Problems).ToContainTextAsync("Set Aws:Cluster");
        await page.Button("Launch improved task").ClickAsync();
        await Expect(page.ActionOutcome).ToContainTextAsync("Cannot launch yet", new() { Timeout = Long });
        Assert.Empty(session.Aws.RequestsOf("RunTask"));
        Assert.False(session.Dashboard.HasExited);
    }

    [BrowserFact]
    public async Task A_configured_cluster_that_does_not_exist_names_the_setting_to_fix()
    {
        await using var session = await AwsModeSession.StartAsync(settings: ["--Aws:Cluster", "Nope"]);
        var page = new ExperimentView(await session.OpenAsync());
        await WaitForAccountAsync(page, session.Aws);

        await Expect(page.Problems).ToContainTextAsync(
            "ECS has no cluster Nope in us-east-1 (it has FisStackECS-Cluster). Set Aws:Cluster.", new() { Timeout = Long });
        await page.Button("Launch improved task").ClickAsync();
        await Expect(page.ActionOutcome).ToContainTextAsync("Cannot launch yet", new() { Timeout = Long });
        Assert.Empty(session.Aws.RequestsOf("RunTask"));
        // Nothing else calls ECS with the missing cluster, so no bare "Cluster not found" shows up instead.
        await Expect(Problems(page)).ToHaveCountAsync(0);
        Assert.DoesNotContain(session.Aws.Requests, r => r.Json?["cluster"]?.ToString() == "Nope");
        await Expect(page.Connection).ToHaveTextAsync("live");
        Assert.False(session.Dashboard.HasExited);
    }

    [BrowserFact]
    public async Task Without_credentials_the_page_says_so_and_still_answers()
    {
        await using var session = await AwsModeSession.StartAsync(credentials: CredentialSource.None);
        var page = new ExperimentView(await session.OpenAsync());

        await ExpectProblemAsync(page, "AWS", "CredentialsUnavailable");
        await Expect(page.Where).ToHaveTextAsync("AWS: connecting…");
        await page.Button("Launch improved task").ClickAsync();
        await Expect(page.ActionOutcome).ToContainTextAsync("has not reached AWS yet", new() { Timeout = Long });

        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(session.Dashboard.Url)).StatusCode);
        Assert.False(session.Dashboard.HasExited);
        // Nothing unsigned went out: without credentials no request can be signed, so none is sent.
        Assert.Empty(session.Aws.Requests);
    }
}
