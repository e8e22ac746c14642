using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChaosDashboard.FakeAws;
using static ChaosDashboard.BrowserTests.AwsMode.AwsPage;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>
/// A participant's first minutes in AWS mode on a freshly deployed workshop account: no task has
/// ever run, and nothing but the mode and the region is set. The network comes from EC2 as the
/// workshop has participants pick it: a private subnet of the VPC whose name ends in FisVpc.
/// </summary>
[Collection(AwsModeCollection.Name)]
public class FreshAccountTests
{
    static readonly string[] PrivateSubnets = [.. FakeAwsOptions.DefaultSubnets];

    sealed record Outcome(bool Ok, string Message, string? ResourceId);

    /// <summary>What the first RunTask asked for: every subnet a private one of the FisVpc VPC, and the stack's security group.</summary>
    static void AssertLaunchedIntoTheWorkshopNetwork(FakeAwsServer aws)
    {
        var runTask = Assert.Single(aws.RequestsOf("RunTask")).Json!.AsObject();
        var network = runTask["networkConfiguration"]!["awsvpcConfiguration"]!.AsObject();
        var subnets = network["subnets"]!.AsArray().Select(s => (string)s!).ToList();
        Assert.NotEmpty(subnets);
        Assert.All(subnets, subnet =>
        {
            var known = aws.Options.ResolvedNetwork.Subnet(subnet);
            Assert.NotNull(known);
            Assert.Equal(FakeNetwork.FisVpcId, known.VpcId);
            Assert.False(known.MapPublicIpOnLaunch, $"{subnet} is a public subnet");
        });
        Assert.Equal(PrivateSubnets, subnets);
        Assert.Equal([FakeNetwork.TaskSecurityGroupId], network["securityGroups"]!.AsArray().Select(g => (string)g!));
        Assert.Equal("DISABLED", (string?)network["assignPublicIp"]);
        Assert.Contains(Assert.Single(aws.Ecs.Tasks).Subnet, PrivateSubnets);
    }

    [Fact]
    public async Task With_only_the_mode_and_the_region_set_the_API_launches_the_first_task_into_a_private_subnet_of_the_FisVpc_VPC()
    {
        var options = new FakeAwsOptions();
        await using var dynamo = await Dynalite.StartAsync();
        await dynamo.CreateWorkerTableAsync(options.TableName);
        await using var aws = await FakeAwsServer.StartAsync(options with { DynamoDbEndpoint = dynamo.Endpoint });
        // The two settings of the README, and the fake reached as any endpoint is, through AWS's own variables.
        var environment = AwsModeSession.Environment(CredentialSource.EnvironmentKeys);
        environment["Dashboard__Mode"] = "aws";
        environment["Aws__Region"] = options.Region;
        environment["AWS_ENDPOINT_URL"] = aws.Url.ToString();
        environment["AWS_ENDPOINT_URL_DYNAMODB"] = dynamo.Endpoint.ToString();
        // The loop below asks up to four times a second until discovery answers: more than a client's usual rate.
        environment["Hardening__ActionsPerMinute"] = "1000";
        await using var dashboard = await DashboardProcess.StartAsync(timeScale: 60, environment: environment);
        using var http = new HttpClient { BaseAddress = new Uri(dashboard.Url) };

        // Until discovery has answered the dashboard says it has not reached AWS; then the launch goes through.
        Outcome? outcome = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        for (var attempt = 0; DateTime.UtcNow < deadline; attempt++)
        {
            var response = await http.PostAsJsonAsync("/api/actions/launch", new { kind = "baseline", clientToken = $"first-launch-{attempt}" });
            outcome = await response.Content.ReadFromJsonAsync<Outcome>();
            if (outcome is null || !outcome.Message.Contains("has not reached AWS yet", StringComparison.Ordinal)) break;
            await Task.Delay(250);
        }

        Assert.NotNull(outcome);
        Assert.True(outcome.Ok, $"{outcome.Message}\n{dashboard.Output}");
        Assert.StartsWith("Launched FisStopTaskStackTaskDef as task ", outcome.Message);
        AssertLaunchedIntoTheWorkshopNetwork(aws);
        Assert.Empty(aws.Violations);
    }

    /// <summary>The preflight page, which runs its checks as it is first drawn.</summary>
    static async Task<PreflightView> OpenPreflightAsync(AwsModeSession session)
    {
        var page = await (await session.Browser.Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(session.Dashboard.Url + "/preflight");
        return new PreflightView(page);
    }

    [BrowserFact]
    public async Task The_first_launch_from_the_page_goes_into_a_private_subnet_of_the_FisVpc_VPC_and_preflight_shows_that_network()
    {
        await using var session = await AwsModeSession.StartAsync();
        var page = new ExperimentView(await session.OpenAsync());
        await WaitForAccountAsync(page, session.Aws);

        await page.Button("Launch baseline task").ClickAsync();
        await Expect(page.ActionOutcome).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Launched FisStopTaskStackTaskDef as task [0-9a-f]{32}$"), new() { Timeout = Long });
        AssertLaunchedIntoTheWorkshopNetwork(session.Aws);
        await Expect(page.TaskStatus).ToHaveTextAsync("RUNNING", new() { Timeout = Long });

        var preflight = await OpenPreflightAsync(session);
        var network = preflight.Check("Network");
        await Expect(network).ToContainTextAsync("Ok", new() { Timeout = Long });
        await Expect(network).ToContainTextAsync(
            "VPC vpc-0f15f15f15f15f150 (FisStackVpc/FisVpc) · subnets subnet-0abc, subnet-0def (the VPC's private subnets) · security group sg-0task (the stack's TaskSecurityGroup)");
        await Expect(preflight.Failed).ToHaveCountAsync(0);
        Assert.Empty(session.Aws.Violations);
    }

    [BrowserTheory]
    [MemberData(nameof(PreflightTests.NetworkFailures), MemberType = typeof(PreflightTests))]
    public async Task When_the_network_cannot_be_chosen_preflight_and_a_launch_say_the_same_thing(string scenario, string line, string fix)
    {
        var problem = line["FAIL  Network: ".Length..];
        var remedy = fix["fix: ".Length..];
        await using var session = await AwsModeSession.StartAsync(PreflightTests.NetworkScenario(scenario));

        var preflight = await OpenPreflightAsync(session);
        var failed = preflight.Failed;
        await Expect(failed).ToHaveCountAsync(1, new() { Timeout = Long });
        await Expect(failed).ToContainTextAsync("Network");
        await Expect(failed).ToContainTextAsync(problem);
        await Expect(failed).ToContainTextAsync(remedy);

        var page = new ExperimentView(await session.OpenAsync());
        await WaitForAccountAsync(page, session.Aws);
        await page.Button("Launch improved task").ClickAsync();
        await Expect(page.ActionOutcome).ToContainTextAsync("Cannot launch yet", new() { Timeout = Long });
        await Expect(page.ActionOutcome).ToContainTextAsync(problem);
        await Expect(page.ActionOutcome).ToContainTextAsync(remedy);
        Assert.Empty(session.Aws.RequestsOf("RunTask"));
        Assert.False(session.Dashboard.HasExited);
    }

    /// <summary>A theory that needs Debian's Chromium, as <see cref="BrowserFactAttribute"/> is for a fact.</summary>
    sealed class BrowserTheoryAttribute : TheoryAttribute
    {
        public BrowserTheoryAttribute()
        {
            if (Browser.ChromiumPath is null && !Browser.InCi) Skip = Browser.MissingReason;
        }
    }
}
