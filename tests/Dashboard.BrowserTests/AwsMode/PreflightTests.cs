using System.Diagnostics;
using ChaosDashboard.FakeAws;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>The preflight checks, as a command and as a page, against a fake account.</summary>
public class PreflightTests
{
    /// <summary>
    /// Runs <c>chaos-dashboard preflight</c> against the fake account with nothing but the mode and the
    /// region set (the fake is reached through AWS's own endpoint variables); returns its exit code and output.
    /// </summary>
    static async Task<(int ExitCode, string Output)> RunPreflightAsync(FakeAwsOptions options)
    {
        await using var dynamo = await Dynalite.StartAsync();
        await dynamo.CreateWorkerTableAsync(options.TableName);
        await using var aws = await FakeAwsServer.StartAsync(options with { DynamoDbEndpoint = dynamo.Endpoint });
        var dll = DashboardProcess.DllPath();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                dll, "preflight", "--mode", "aws", "--region", options.Region,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (name, value) in AwsModeSession.Environment(CredentialSource.EnvironmentKeys))
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        start.Environment["AWS_ENDPOINT_URL"] = aws.Url.ToString();
        start.Environment["AWS_ENDPOINT_URL_DYNAMODB"] = dynamo.Endpoint.ToString();
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }

    static void AssertLine(string output, string expected) =>
        Assert.True(output.Contains(expected, StringComparison.Ordinal), $"Expected \"{expected}\" in:\n{output}");

    [Fact]
    public async Task The_command_passes_on_a_complete_workshop_account()
    {
        var (exitCode, output) = await RunPreflightAsync(new FakeAwsOptions());

        Assert.True(exitCode == 0, output);
        AssertLine(output, "ok    Identity: Acting as arn:aws:iam::246813579024:user/workshop-participant in account 246813579024, region us-east-1");
        AssertLine(output, "ok    Cluster: FisStackECS-Cluster");
        AssertLine(output, "ok    Baseline task definition: FisStopTaskStackTaskDef:");
        AssertLine(output, "ok    Improved task definition: FisStopTaskImprovedTaskDef:");
        AssertLine(output, "ok    Table: FisStopTaskStack-DynamoTable-test, key batch (S) + item (N), readable");
        AssertLine(output, "ok    Experiment template:");
        // A fresh account: no task ever ran, and nothing says where to launch; the workshop's network is found.
        AssertLine(output, "ok    Network: VPC vpc-0f15f15f15f15f150 (FisStackVpc/FisVpc) · subnets subnet-0abc, subnet-0def (the VPC's private subnets) · security group sg-0task (the stack's TaskSecurityGroup)");
        AssertLine(output, "Preflight passed.");
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task The_command_names_the_setting_to_fix_when_the_template_is_missing()
    {
        var (exitCode, output) = await RunPreflightAsync(new FakeAwsOptions { HasExperimentTemplate = false });

        Assert.Equal(1, exitCode);
        AssertLine(output, "FAIL  Experiment template: Not found.");
        AssertLine(output, "fix: Tag the template Name=FisWorkshopECSTask or set Aws:ExperimentTemplate");
        AssertLine(output, "Preflight found 1 problem.");
    }

    /// <summary>Each account whose network cannot be chosen, with the one line preflight prints for it and its fix.</summary>
    public static TheoryData<string, string, string> NetworkFailures => new()
    {
        { "no FisVpc", "FAIL  Network: No VPC in us-east-1 has a Name ending in FisVpc (it has vpc-0d0d0d0d0d0d0d0d0 (default VPC), vpc-0a99a99a99a99a990 (OtherTeam/AppVpc), vpc-0f15f15f15f15f150 (FisStackVpc/MainVpc)).",
          "fix: Deploy the workshop's stack, or set Aws:Subnets to a private subnet of the VPC whose name ends in FisVpc." },
        { "two FisVpcs", "FAIL  Network: 2 VPCs in us-east-1 have a Name ending in FisVpc: vpc-0a99a99a99a99a990 (SecondRun/FisVpc), vpc-0f15f15f15f15f150 (FisStackVpc/FisVpc).",
          "fix: Set Aws:Subnets to private subnets of the one to use (and Aws:SecurityGroups to its security group)." },
        { "no private subnet", "FAIL  Network: VPC vpc-0f15f15f15f15f150 (FisStackVpc/FisVpc) has no private subnet (it has subnet-0pub tagged Public).",
          "fix: Set Aws:Subnets to a subnet whose tasks reach ECR, CloudWatch Logs and DynamoDB." },
        { "EC2 denied", "FAIL  Network: EC2 cannot be read to find the workshop's subnets: EC2 DescribeVpcs failed: UnauthorizedOperation — You are not authorized to perform this operation. User: arn:aws:iam::246813579024:user/workshop-participant is not authorized to perform: ec2:DescribeVpcs",
          "fix: Allow ec2:DescribeVpcs, or set Aws:Subnets to a private subnet of the VPC whose name ends in FisVpc." },
    };

    /// <summary>The fake account of a scenario of <see cref="NetworkFailures"/>: the workshop's, with its network spoilt.</summary>
    public static FakeAwsOptions NetworkScenario(string name) => name switch
    {
        "no FisVpc" => new FakeAwsOptions { Network = FakeNetwork.Workshop().WithoutFisVpc() },
        "two FisVpcs" => new FakeAwsOptions { Network = FakeNetwork.Workshop().WithSecondFisVpc() },
        "no private subnet" => new FakeAwsOptions { Network = FakeNetwork.Workshop().WithoutPrivateSubnets() },
        "EC2 denied" => new FakeAwsOptions { Denied = ["DescribeVpcs"] },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(NetworkFailures))]
    public async Task The_command_gives_one_line_naming_what_to_set_or_allow_when_the_network_cannot_be_chosen(string scenario, string line, string fix)
    {
        var (exitCode, output) = await RunPreflightAsync(NetworkScenario(scenario));

        Assert.Equal(1, exitCode);
        AssertLine(output, line);
        AssertLine(output, fix);
        Assert.Single(output.Split('\n'), l => l.StartsWith("FAIL", StringComparison.Ordinal));
        AssertLine(output, "Preflight found 1 problem.");
    }

    [BrowserFact]
    public async Task The_page_shows_each_check()
    {
        await using var session = await AwsModeSession.StartAsync(new FakeAwsOptions { HasExperimentTemplate = false });
        var page = await (await session.Browser.Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(session.Dashboard.Url + "/preflight");

        var preflight = new PreflightView(page);
        var failed = preflight.Failed;
        await Expect(failed).ToHaveCountAsync(1);
        await Expect(failed).ToContainTextAsync("Experiment template");
        await Expect(failed).ToContainTextAsync("Aws:ExperimentTemplate");
        await Expect(preflight.Check("Identity")).ToContainTextAsync("Ok");
        await Expect(preflight.Check("Network")).ToContainTextAsync("Ok");
        await Expect(preflight.Check("Network")).ToContainTextAsync("VPC vpc-0f15f15f15f15f150 (FisStackVpc/FisVpc) · subnets subnet-0abc, subnet-0def");
        await Expect(new ExperimentView(page).Connection).ToHaveTextAsync("live");
    }
}
