using ChaosDashboard.StartTime.Cli;
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
    public async Task A_bad_option_is_one_error_and_no_stack_trace()
    {
        var error = new StringWriter();
        var exit = await StartTimeReportCommand.RunAsync(["--events-file", Fixture("events.jsonl"), "--format", "xml"], new StringWriter(), error);
        Assert.NotEqual(ReportExitCodes.Success, exit);
        Assert.Contains("xml", error.ToString());
        Assert.DoesNotContain("   at ", error.ToString());
    }
}
