using System.Diagnostics;
using ChaosDashboard.FakeAws;
using static Microsoft.Playwright.Assertions;

namespace ChaosDashboard.BrowserTests.AwsMode;

/// <summary>The preflight checks, as a command and as a page, against a fake account.</summary>
public class PreflightTests
{
    /// <summary>Runs <c>chaos-dashboard preflight</c> against the fake account; returns its exit code and output.</summary>
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
                "--Aws:EndpointUrl", aws.Url.ToString(), "--Aws:DynamoDbEndpointUrl", dynamo.Endpoint.ToString(),
                "--Aws:Subnets:0", options.Subnets[0],
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

    [BrowserFact]
    public async Task The_page_shows_each_check()
    {
        await using var session = await AwsModeSession.StartAsync(new FakeAwsOptions { HasExperimentTemplate = false });
        var page = await (await session.Browser.Browser.NewContextAsync()).NewPageAsync();
        await page.GotoAsync(session.Dashboard.Url + "/preflight");

        var checks = page.GetByRole(Microsoft.Playwright.AriaRole.Table, new() { Name = "Checks" });
        var failed = checks.GetByRole(Microsoft.Playwright.AriaRole.Row).Filter(new() { HasText = "Failed" });
        await Expect(failed).ToHaveCountAsync(1);
        await Expect(failed).ToContainTextAsync("Experiment template");
        await Expect(failed).ToContainTextAsync("Aws:ExperimentTemplate");
        var identity = checks.GetByRole(Microsoft.Playwright.AriaRole.Row).Filter(new() { Has = page.GetByRole(Microsoft.Playwright.AriaRole.Cell, new() { Name = "Identity", Exact = true }) });
        await Expect(identity).ToContainTextAsync("Ok");
        await Expect(new ExperimentView(page).Connection).ToHaveTextAsync("live");
    }
}
