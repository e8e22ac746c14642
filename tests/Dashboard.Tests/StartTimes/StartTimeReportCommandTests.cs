using ChaosDashboard.Cli;
using ChaosDashboard.StartTimeAnalysis.Cli;
using ChaosDashboard.StartTimes;

namespace ChaosDashboard.Tests.StartTimes;

/// <summary>The dashboard's <c>report</c> subcommand: its own settings apart, the library's command for the rest.</summary>
public class StartTimeReportCommandTests
{
    static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) return Path.Combine(dir.FullName, "tests", "fixtures", "start-time", name);
        throw new DirectoryNotFoundException("Dashboard.sln not found above the test folder.");
    }

    [Fact]
    public void Dashboard_settings_are_taken_out_and_the_report_options_left_as_given()
    {
        var (settings, report) = StartTimeReportCommand.Split(
            ["--mode", "aws", "--events-file", "a.jsonl", "--region=eu-west-1", "--Aws:Profile", "workshop", "--cluster", "chaos", "--compare", "x:1", "y:2"]);
        Assert.Equal(["--mode", "aws", "--region=eu-west-1", "--Aws:Profile", "workshop"], settings);
        Assert.Equal(["--events-file", "a.jsonl", "--cluster", "chaos", "--compare", "x:1", "y:2"], report);
    }

    [Fact]
    public async Task A_saved_events_file_gives_the_report()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await StartTimeReportCommand.RunAsync(["--events-file", Fixture("events.jsonl"), "--cluster", "chaos", "--format", "csv", "--table", "groups"], output, error);
        Assert.Equal(ReportExitCodes.Success, exit);
        Assert.StartsWith("family,revision,tasks,notStarted,measure,", output.ToString());
        Assert.Contains("malformed: 3", error.ToString());
    }

    [Fact]
    public async Task A_log_group_outside_aws_mode_says_what_to_set_and_exits_with_2()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await StartTimeReportCommand.RunAsync(["--mode", "sandbox", "--log-group", "/ecs/cluster/events/chaos"], output, error);
        Assert.Equal(ReportExitCodes.AwsNotConfigured, exit);
        Assert.Contains("--mode aws", error.ToString());
        Assert.Contains(StartTimeReportRunner.AwsNotConfiguredMessage, error.ToString());
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public async Task A_bad_option_is_one_error_line_and_the_usage_on_standard_error_with_exit_code_2()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await StartTimeReportCommand.RunAsync(["--events-file", Fixture("events.jsonl"), "--format", "xml"], output, error);
        Assert.Equal(DashboardCommandLine.UsageError, exit);
        Assert.Equal("", output.ToString());
        var lines = error.ToString().Split('\n');
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains("xml", lines[0]);
        Assert.Single(lines, l => l.StartsWith("error: "));
        Assert.Contains("--events-file", error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
    }

    [Fact]
    public async Task A_dash_reads_the_events_from_standard_input()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var bytes = await File.ReadAllBytesAsync(Fixture("events.jsonl"));
        var exit = await StartTimeReportCommand.RunAsync(["--events-file", "-", "--cluster", "chaos", "--format", "csv", "--table", "groups"], output, error,
            () => new MemoryStream(bytes));

        var fromFile = new StringWriter();
        await StartTimeReportCommand.RunAsync(["--events-file", Fixture("events.jsonl"), "--cluster", "chaos", "--format", "csv", "--table", "groups"], fromFile, new StringWriter());
        Assert.Equal(ReportExitCodes.Success, exit);
        Assert.Equal(fromFile.ToString(), output.ToString());
        Assert.Contains("malformed: 3", error.ToString());
    }

    [Fact]
    public async Task A_folder_given_as_the_events_file_says_so()
    {
        var error = new StringWriter();
        var folder = Path.GetDirectoryName(Fixture("events.jsonl"))!;
        var exit = await StartTimeReportCommand.RunAsync(["--events-file", folder], new StringWriter(), error);
        Assert.Equal(ReportExitCodes.InputError, exit);
        Assert.Equal($"error: {folder} is a folder: --events-file takes a file of events (or - for standard input).", error.ToString().Trim());
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("1")]
    public async Task An_unknown_mode_is_an_error_not_the_sandbox(string mode)
    {
        var error = new StringWriter();
        var exit = await DashboardCommandLine.TryRunCommandAsync(["preflight", "--mode", mode], new StringWriter(), error);
        Assert.Equal(DashboardCommandLine.UsageError, exit);
        Assert.Equal($"error: Setting Dashboard:Mode = \"{mode}\" is not a mode: use sandbox or aws.", error.ToString().Trim());
    }

    [Theory]
    [InlineData("")]
    [InlineData("run")]
    [InlineData("--urls http://127.0.0.1:5999 --Aws:Region eu-west-1")]
    [InlineData("run --time-scale 60 --StartTimes:Database x.db")]
    public async Task Run_or_no_command_runs_the_dashboard_with_the_settings(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var exit = await DashboardCommandLine.TryRunCommandAsync(args, new StringWriter(), new StringWriter());
        Assert.Null(exit);
        Assert.DoesNotContain("run", DashboardCommandLine.RunArguments(args));
    }
}
