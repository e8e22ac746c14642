using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Cli;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Reports;
using ChaosDashboard.StartTimeAnalysis.Storage;
using Microsoft.Data.Sqlite;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

/// <summary>Files a hostile user might try: each gets a counted, located answer, never a failed run.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("start-time-bad-input-").FullName;

    private string Write(string name, byte[] content)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static string Event(string id, string family, string created, string? pullStarted, string? pullStopped, string? started) =>
        "{\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\",\"detail\":{"
        + $"\"taskArn\":\"arn:aws:ecs:us-east-1:1:task/chaos/{id}\",\"clusterArn\":\"arn:aws:ecs:us-east-1:1:cluster/chaos\","
        + $"\"taskDefinitionArn\":\"arn:aws:ecs:us-east-1:1:task-definition/{family}:1\",\"lastStatus\":\"RUNNING\",\"version\":3,"
        + $"\"createdAt\":\"{created}\""
        + (pullStarted is null ? "" : $",\"pullStartedAt\":\"{pullStarted}\"")
        + (pullStopped is null ? "" : $",\"pullStoppedAt\":\"{pullStopped}\"")
        + (started is null ? "" : $",\"startedAt\":\"{started}\"")
        + "}}";

    private static async Task<(int ExitCode, string Output, string Error)> ReportAsync(params string[] args)
    {
        var root = new RootCommand { ReportCommand.Create(() => null) };
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await root.Parse(["report", .. args]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_line_of_invalid_utf8_is_one_malformed_line_with_its_number_and_the_rest_is_read()
    {
        byte[] bad = [.. Encoding.UTF8.GetBytes(Event("bad", "app", "2023-03-03T11:00:00Z", null, null, null)[..60]), 0xC3, 0x28, 0xFF, .. "\"}}"u8];
        string path = Write("mixed.jsonl", [
            .. Encoding.UTF8.GetBytes(Event("t1", "app", "2023-03-03T11:00:00Z", "2023-03-03T11:00:05Z", "2023-03-03T11:00:06Z", "2023-03-03T11:00:07Z") + "\n"),
            .. bad, (byte)'\n',
            .. Encoding.UTF8.GetBytes(Event("t2", "app", "2023-03-03T11:01:00Z", "2023-03-03T11:01:04Z", "2023-03-03T11:01:05Z", "2023-03-03T11:01:06Z") + "\n"),
        ]);

        var (exitCode, output, error) = await ReportAsync("--events-file", path, "--table", "groups");

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        Assert.Contains("- malformed: 1", output);
        Assert.Contains("  - mixed.jsonl line 2: not valid UTF-8 text (byte 61)", output);
        Assert.Contains("2 task events (0 duplicate deliveries) of 2 tasks", output);
    }

    [Fact]
    public async Task A_line_longer_than_any_event_is_one_malformed_line_and_the_lines_after_it_are_read()
    {
        string path = Write("long.jsonl", [
            .. Encoding.UTF8.GetBytes(Event("t1", "app", "2023-03-03T11:00:00Z", null, null, "2023-03-03T11:00:07Z") + "\n"),
            .. Enumerable.Repeat((byte)'x', (17 << 20) + 5), (byte)'\n',
            .. Encoding.UTF8.GetBytes(Event("t2", "app", "2023-03-03T11:01:00Z", null, null, "2023-03-03T11:01:07Z") + "\n"),
        ]);

        var (exitCode, output, _) = await ReportAsync("--events-file", path, "--table", "groups");

        Assert.Equal(0, exitCode);
        Assert.Contains("  - long.jsonl line 2: line longer than 16 MiB, skipped", output);
        Assert.Contains("3 messages read: 2 task events (0 duplicate deliveries) of 2 tasks", output);
    }

    [Fact]
    public async Task An_escaped_unpaired_surrogate_is_a_malformed_line_not_a_failed_report()
    {
        string path = Write("surrogate.jsonl", Encoding.UTF8.GetBytes(string.Join("\n",
            Event("t1", "app", "2023-03-03T11:00:00Z", null, null, "2023-03-03T11:00:07Z"),
            "{\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\",\"detail\":{\"taskArn\":\"arn:aws:ecs:r:1:task/c/t\",\"lastStatus\":\"\\uD800\"}}")));

        var (exitCode, output, _) = await ReportAsync("--events-file", path, "--table", "groups");

        Assert.Equal(0, exitCode);
        Assert.Contains("  - surrogate.jsonl line 2: text that is not valid Unicode", output);
        Assert.Contains("1 task event (0 duplicate deliveries) of 1 task", output);
    }

    [Fact]
    public async Task A_created_at_at_the_end_of_the_calendar_is_read_marked_implausible_and_left_out_of_the_figures()
    {
        string path = Write("end.jsonl", Encoding.UTF8.GetBytes(string.Join("\n",
            Event("ok", "app", "2023-03-03T11:00:00Z", "2023-03-03T11:00:05Z", "2023-03-03T11:00:06Z", "2023-03-03T11:00:07.500Z"),
            Event("end", "app", "9999-12-31T23:59:59.999Z", "2023-03-03T11:00:05Z", "2023-03-03T11:00:06Z", "2023-03-03T11:00:07Z"))));

        var (exitCode, output, error) = await ReportAsync("--events-file", path);

        Assert.Equal(0, exitCode);
        Assert.Equal("", error);
        string row = output.Split('\n').Single(line => line.StartsWith("| end ", StringComparison.Ordinal));
        Assert.Contains("9999-12-31T23:59:59.999Z", row);
        Assert.Contains(" (implausible) |", row);
        // Only the plausible task is in the figures: n = 1, total 7.5 s.
        Assert.Contains("| app    |        1 |     2 |           0 | total           |   1 | 7.500 |  7.500 |", output);
        Assert.Contains(MarkdownReportWriter.ImplausibleNote, output);
        Assert.Contains("- implausible: 1 task with a phase below zero or longer than a day, marked in the per-task table and left out of every figure", output);
    }

    [Fact]
    public void Negative_phases_and_durations_of_years_are_counted_marked_in_every_format_and_left_out()
    {
        var tasks = new TaskTable();
        foreach (string line in new[]
                 {
                     Event("fine", "app", "2023-03-03T11:00:00Z", "2023-03-03T11:00:05Z", "2023-03-03T11:00:06Z", "2023-03-03T11:00:08Z"),
                     Event("backwards", "app", "2023-03-03T11:00:00Z", "2023-03-03T10:59:57Z", "2023-03-03T11:00:06Z", "2023-03-03T11:00:07Z"),
                     Event("years", "app", "2021-03-03T11:00:00Z", "2021-03-03T11:00:05Z", "2021-03-03T11:00:06Z", "2023-03-03T11:00:07Z"),
                 })
        {
            Assert.Equal(ParseOutcome.TaskStateChange, new TaskStateChangeParser().Parse(Encoding.UTF8.GetBytes(line), out TaskStartSample? sample, out _));
            tasks.Add(sample!);
        }

        StartTimeReport report = StartTimeReport.Build(tasks);
        Assert.Equal(2, report.Implausible);
        DurationStatistics total = report.Groups.Single()[StartMeasure.Total]!;
        Assert.Equal((1, 8.0), (total.Count, total.Max));

        var csv = new StringWriter();
        CsvReportWriter.Write(report, csv, ReportTables.Tasks);
        Assert.Contains(",-3.000 (implausible),", csv.ToString()); // backwards: provisioning below zero
        Assert.Contains("63072007.000 (implausible)", csv.ToString()); // years: two years and 7 s

        var json = new StringWriter();
        JsonReportWriter.Write(report, new InputSummary(), json);
        using JsonDocument document = JsonDocument.Parse(json.ToString());
        var flagged = document.RootElement.GetProperty("tasks").EnumerateArray()
            .Where(t => t.TryGetProperty("implausible", out _)).Select(t => t.GetProperty("taskId").GetString());
        Assert.Equal(["years", "backwards"], flagged);
        Assert.Equal(2, document.RootElement.GetProperty("input").GetProperty("implausible").GetInt32());
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("plain-name", "plain-name")]
    public void Csv_cells_that_a_spreadsheet_would_run_are_neutralised(string family, string expectedCell)
    {
        var sample = new TaskStartSample
        {
            TaskArn = "arn:aws:ecs:us-east-1:1:task/c/t1",
            TaskDefinitionArn = $"arn:aws:ecs:us-east-1:1:task-definition/{family}:4",
            CreatedAt = Fixtures.Utc("2023-03-03T11:00:00Z"),
            StartedAt = Fixtures.Utc("2023-03-03T11:00:01.5Z"),
        };
        // Both ways a report is built: from samples, and from the task table the file reader fills.
        var table = new TaskTable();
        table.Add(sample);
        foreach (StartTimeReport report in new[] { StartTimeReport.Build([sample]), StartTimeReport.Build(table) })
        {
            var output = new StringWriter();
            CsvReportWriter.Write(report, output);

            string[] records = output.ToString().Split("\r\n");
            Assert.Equal($"t1,arn:aws:ecs:us-east-1:1:task/c/t1,{expectedCell},4,,2023-03-03T11:00:00.000Z,,,2023-03-03T11:00:01.500Z,true,1.500,,,", records[1]);
            Assert.StartsWith(expectedCell + ",4,1,0,total,", records.Single(r => r.Contains(",total,1,", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [InlineData("-t1", "'-t1", "arn:aws:ecs:us-east-1:1:task/c/-t1")]
    [InlineData("t,1", "\"t,1\"", "\"arn:aws:ecs:us-east-1:1:task/c/t,1\"")]
    [InlineData("t\"1", "\"t\"\"1\"", "\"arn:aws:ecs:us-east-1:1:task/c/t\"\"1\"")]
    public void Csv_task_ids_and_arns_are_escaped_alike_from_samples_and_from_the_task_table(string id, string idCell, string arnCell)
    {
        var sample = new TaskStartSample
        {
            TaskArn = "arn:aws:ecs:us-east-1:1:task/c/" + id,
            TaskDefinitionArn = "arn:aws:ecs:us-east-1:1:task-definition/app:4",
            LastStatus = "RUNNING",
            CreatedAt = Fixtures.Utc("2023-03-03T11:00:00Z"),
        };
        var table = new TaskTable();
        table.Add(sample);
        foreach (StartTimeReport report in new[] { StartTimeReport.Build([sample]), StartTimeReport.Build(table) })
        {
            var output = new StringWriter();
            CsvReportWriter.Write(report, output, ReportTables.Tasks);

            Assert.StartsWith($"{idCell},{arnCell},app,4,RUNNING,", output.ToString().Split("\r\n")[1]);
        }
    }

    [Fact]
    public async Task A_database_whose_pages_are_damaged_is_refused_and_left_exactly_as_it_was()
    {
        string path = Path.Combine(_folder, "damaged.db");
        await using (SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(path))
        {
            var (merger, _) = await Fixtures.ReadAsync("chaos", "events.jsonl");
            await store.SaveAsync(Enumerable.Range(0, 60).SelectMany(i => merger.Tasks.Select(t => t with { TaskArn = t.TaskArn + "-" + i })));
        }

        SqliteConnection.ClearAllPools();
        DamagePages(path);
        byte[] before = SHA256.HashData(File.ReadAllBytes(path));

        var refused = await Assert.ThrowsAsync<StartTimeStoreException>(() => SqliteStartTimeStore.OpenAsync(path));

        Assert.Contains("is damaged", refused.Message);
        Assert.Contains(path, refused.Message);
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));

        var (exitCode, _, error) = await ReportAsync("--db", path);
        Assert.Equal(ReportExitCodes.InputError, exitCode);
        Assert.StartsWith("error: start-time database " + path + " is damaged", error);
    }

    /// <summary>Writes garbage over the pages after the first two: the header and the schema still read.</summary>
    internal static void DamagePages(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        Assert.True(file.Length >= 4 * 4096, $"the database is only {file.Length} bytes");
        file.Position = 2 * 4096;
        file.Write(Enumerable.Repeat((byte)0xA5, (int)file.Length - (2 * 4096)).ToArray());
    }

    [Fact]
    public async Task A_save_cancelled_halfway_saves_nothing()
    {
        string path = Path.Combine(_folder, "cancelled.db");
        await using SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(path);
        using var cancel = new CancellationTokenSource();
        IEnumerable<TaskStartSample> Samples()
        {
            for (int i = 0; i < 1_000; i++)
            {
                if (i == 600)
                {
                    cancel.Cancel();
                }

                yield return new TaskStartSample { TaskArn = $"arn:aws:ecs:us-east-1:1:task/c/t{i}", CreatedAt = Fixtures.Utc("2023-03-03T11:00:00Z") };
            }
        }

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.SaveAsync(Samples(), cancel.Token));

        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task A_task_created_at_the_end_of_the_calendar_is_stored_and_found_again()
    {
        await using SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(Path.Combine(_folder, "end.db"));
        var end = new TaskStartSample
        {
            TaskArn = "arn:aws:ecs:us-east-1:1:task/c/end",
            Version = 1,
            CreatedAt = DateTimeOffset.Parse("9999-12-31T23:59:59.999Z", System.Globalization.CultureInfo.InvariantCulture),
        };
        var saved = new List<(TaskStartSample? Before, TaskStartSample After)>();

        await store.SaveAsync([end], (before, after) => saved.Add((before, after)));
        await store.SaveAsync([end with { Version = 2, LastStatus = "RUNNING" }], (before, after) => saved.Add((before, after)));

        Assert.Null(saved[0].Before);
        Assert.Equal(end.CreatedAt, saved[1].Before!.CreatedAt);
        Assert.Equal("RUNNING", saved[1].After.LastStatus);
        Assert.Equal(1, await store.CountAsync());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
