using System.CommandLine;
using System.Text.Json;
using ChaosDashboard.StartTimeAnalysis.Cli;
using ChaosDashboard.StartTimeAnalysis.Sources;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

public class ReportCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(Func<ILogGroupReader?> reader, params string[] args)
    {
        var root = new RootCommand { ReportCommand.Create(reader) };
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await root.Parse(["report", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    private static Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args) => RunAsync(() => null, args);

    [Fact]
    public async Task Markdown_report_matches_the_expected_file_line_by_line()
    {
        var (exitCode, output, error) = await RunAsync(
            "--events-file", Fixtures.PathOf("events.jsonl"), "--cluster", "chaos",
            "--compare", "socidemo-app:3", "socidemo-app-noindex:2");

        Assert.Equal("", error);
        Assert.Equal(0, exitCode);
        string[] expected = File.ReadAllLines(Fixtures.PathOf("report-cluster-chaos.md"));
        string[] actual = output.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        for (int i = 0; i < Math.Min(expected.Length, actual.Length); i++)
        {
            Assert.True(expected[i] == actual[i], $"line {i + 1} differs:\nexpected: {expected[i]}\nactual:   {actual[i]}");
        }

        Assert.Equal(expected.Length, actual.Length);
    }

    [Fact]
    public async Task The_sample_scripts_figures_are_not_what_is_reported()
    {
        var (_, output, _) = await RunAsync("--events-file", Fixtures.PathOf("events.jsonl"), "--cluster", "chaos");
        string a1 = output.Split('\n').Single(line => line.StartsWith("| a1a1", StringComparison.Ordinal));

        // The script labelled pullStoppedAt as createdAt, so it printed startedAt − pullStoppedAt (0.923)
        // as the start time; the real createdAt → startedAt is 8.5 s.
        Assert.Contains("| 2023-03-03T11:24:40.500Z |", a1);
        Assert.Contains("|  8.500 |", a1);
        // Each task once, though a1 and b2 were delivered two and three times.
        Assert.Equal(8, output.Split('\n').Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, "^\\| [a-c][1-4]")));
    }

    [Fact]
    public async Task Csv_goes_to_output_and_the_counts_to_the_error_writer()
    {
        var (exitCode, output, error) = await RunAsync(
            "--events-file", Fixtures.PathOf("events.jsonl"), "--cluster", "chaos", "--format", "csv", "--table", "tasks");

        Assert.Equal(0, exitCode);
        string[] records = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(9, records.Length); // header + 8 tasks
        Assert.StartsWith("taskId,taskArn,family,revision,lastStatus,createdAt", records[0]);
        Assert.Contains("b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3,arn:aws:ecs:us-east-1:111122223333:task/chaos/b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3,socidemo-app-noindex,2,STOPPED,2023-03-03T11:28:00.000Z,2023-03-03T11:28:05.000Z,,,false,,5.000,,", output);
        Assert.Contains(",legacy-batch,,RUNNING,", output); // unknown revision: empty, not 0
        Assert.Contains("malformed: 3", error);
        Assert.Contains("events.jsonl line 12", error);
        Assert.DoesNotContain("malformed", output);
    }

    [Fact]
    public async Task Json_report_is_one_document_with_the_hand_computed_figures()
    {
        var (exitCode, output, error) = await RunAsync(
            "--events-file", Fixtures.PathOf("events.jsonl"), "--cluster", "chaos", "--format", "json",
            "--compare", "socidemo-app:3", "socidemo-app-noindex:2");

        Assert.Equal(0, exitCode);
        Assert.Contains("3 duplicate deliveries", error);
        using JsonDocument document = JsonDocument.Parse(output);
        JsonElement root = document.RootElement;
        Assert.Equal(8, root.GetProperty("tasks").GetArrayLength());
        JsonElement c1 = root.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("family").GetString() == "legacy-batch");
        Assert.Equal(JsonValueKind.Null, c1.GetProperty("revision").ValueKind);
        Assert.Equal(6.5, c1.GetProperty("totalSeconds").GetDouble());

        JsonElement indexed = root.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("family").GetString() == "socidemo-app");
        JsonElement total = indexed.GetProperty("seconds").GetProperty("total");
        Assert.Equal(3, total.GetProperty("n").GetInt32());
        Assert.Equal(9.5, total.GetProperty("median").GetDouble());
        Assert.Equal(11.6, total.GetProperty("p90").GetDouble());
        Assert.Equal(10.041667, total.GetProperty("mean").GetDouble());

        JsonElement pull = root.GetProperty("comparison").GetProperty("measures").GetProperty("imagePull");
        Assert.Equal(4.8, pull.GetProperty("timesFaster").GetDouble());
        JsonElement input = root.GetProperty("input");
        Assert.Equal(3, input.GetProperty("malformed").GetInt32());
        Assert.Equal(2, input.GetProperty("otherKinds").GetInt32());
        Assert.Equal(1, input.GetProperty("otherClusters").GetInt32());
    }

    [Fact]
    public async Task Log_group_without_aws_configured_says_so_in_one_line_and_exits_2()
    {
        var (exitCode, output, error) = await RunAsync(() => null, "--log-group", "/ecs/cluster/events/default");

        Assert.Equal(ReportExitCodes.AwsNotConfigured, exitCode);
        Assert.Equal("", output);
        Assert.Equal(StartTimeReportRunner.AwsNotConfiguredMessage, error.Trim());
    }

    [Fact]
    public async Task Log_group_is_read_through_the_reader_the_factory_gives()
    {
        var logs = new InMemoryLogGroupReader();
        DateTimeOffset at = Fixtures.Utc("2023-03-03T12:00:00Z");
        foreach (string line in File.ReadLines(Fixtures.PathOf("events.jsonl")))
        {
            logs.Add("/ecs/cluster/events/chaos", at, line);
        }

        var (exitCode, output, _) = await RunAsync(() => logs, "--log-group", "/ecs/cluster/events/chaos", "--cluster", "chaos");

        Assert.Equal(0, exitCode);
        Assert.Equal(1, logs.ReadCount);
        Assert.Contains("/ecs/cluster/events/chaos (CloudWatch Logs log group)", output);
        Assert.Contains("16 task events (3 duplicate deliveries) of 8 tasks, 1 never started", output);
        Assert.Contains("/ecs/cluster/events/chaos message 5: not JSON", output);
    }

    [Fact]
    public async Task A_missing_log_group_is_one_error_line_not_a_stack_trace()
    {
        var (exitCode, _, error) = await RunAsync(() => new InMemoryLogGroupReader(), "--log-group", "/nope");

        Assert.Equal(ReportExitCodes.InputError, exitCode);
        Assert.Equal("error: log group /nope does not exist", error.Trim());
    }

    [Theory]
    [InlineData("error: nothing to report")]
    [InlineData("error: events file not found", "--events-file", "/no/such/file.jsonl")]
    [InlineData("error: --compare: 'a:b'", "--events-file", "EVENTS", "--compare", "a:b", "c:1")]
    [InlineData("error: --since:", "--events-file", "EVENTS", "--since", "last tuesday")]
    public async Task Bad_input_gives_a_clear_message_and_exit_code_1(string message, params string[] args)
    {
        string[] resolved = args.Select(a => a == "EVENTS" ? Fixtures.PathOf("events.jsonl") : a).ToArray();

        var (exitCode, _, error) = await RunAsync(resolved);

        Assert.Equal(ReportExitCodes.InputError, exitCode);
        Assert.StartsWith(message, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_reported_plainly()
    {
        string path = Path.Combine(Path.GetTempPath(), $"not-a-db-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(path, "this is not SQLite, just text that is long enough to have a header page........................................");
        try
        {
            var (exitCode, _, error) = await RunAsync("--db", path);

            Assert.Equal(ReportExitCodes.InputError, exitCode);
            Assert.Contains("cannot open start-time database", error);
            Assert.DoesNotContain("   at ", error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Samples_saved_with_db_are_reported_from_the_db_alone_later()
    {
        string path = Path.Combine(Path.GetTempPath(), $"start-times-{Guid.NewGuid():N}.db");
        try
        {
            var first = await RunAsync("--events-file", Fixtures.PathOf("events.jsonl"), "--db", path, "--format", "csv", "--table", "groups");
            Assert.Equal(0, first.ExitCode);
            Assert.Contains("saved 9 tasks", first.Error);

            var fromDatabase = await RunAsync("--db", path, "--cluster", "chaos", "--format", "csv", "--table", "groups");

            Assert.Equal(0, fromDatabase.ExitCode);
            Assert.Contains("socidemo-app-noindex,2,4,1,total,3,12.383,12.900,12.980,11.250,13.000", fromDatabase.Output);
            Assert.Contains("8 tasks, 1 never started", fromDatabase.Error);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + "-wal");
            File.Delete(path + "-shm");
        }
    }
}
