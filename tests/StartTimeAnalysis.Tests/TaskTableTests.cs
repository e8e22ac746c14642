using System.Text;
using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Sandbox;
using ChaosDashboard.StartTimeAnalysis.Sources;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

/// <summary>
/// The compact task table and its report give exactly what <see cref="TaskStartMerger"/> and
/// <see cref="StartTimeReport.Build(IEnumerable{TaskStartSample}, ValueTuple{GroupSelector, GroupSelector}?)"/>
/// give for the same observations in the same order, however odd the order.
/// </summary>
public class TaskTableTests
{
    private static readonly DateTimeOffset T0 = Fixtures.Utc("2023-03-03T11:00:00Z");

    /// <summary>Observations of a few tasks with random versions, gaps, repeats and odd ids.</summary>
    private static List<TaskStartSample> RandomObservations(int seed, int count)
    {
        var random = new Random(seed);
        string[] ids = ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210", "short", "UPPER0123456789ABCDEF0123456789A", "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1"];
        string[] clusters = ["task/chaos/", "task/other/", "task/"];
        string[] statuses = ["PROVISIONING", "PENDING", "RUNNING", "STOPPED"];
        DateTimeOffset? Maybe(double seconds) => random.Next(3) == 0 ? null : T0.AddSeconds(seconds).AddMilliseconds(random.Next(1000));
        return Enumerable.Range(0, count).Select(_ => new TaskStartSample
        {
            TaskArn = "arn:aws:ecs:us-east-1:111122223333:" + clusters[random.Next(clusters.Length)] + ids[random.Next(ids.Length)],
            TaskDefinitionArn = random.Next(4) == 0 ? null : $"arn:aws:ecs:us-east-1:1:task-definition/fam{random.Next(2)}:{random.Next(1, 3)}",
            Group = random.Next(2) == 0 ? null : "family:fam" + random.Next(2),
            LastStatus = random.Next(4) == 0 ? null : statuses[random.Next(statuses.Length)],
            DesiredStatus = random.Next(2) == 0 ? null : "RUNNING",
            Version = random.Next(4) == 0 ? null : random.Next(1, 4),
            CreatedAt = Maybe(0),
            PullStartedAt = Maybe(5),
            PullStoppedAt = Maybe(7),
            StartedAt = random.Next(5) == 0 ? T0.AddDays(-3) : Maybe(8),
            StoppedAt = Maybe(60),
            StopCode = random.Next(3) == 0 ? "TaskFailedToStart" : null,
            Containers = random.Next(2) == 0 ? [] : [new ContainerImage("app", "repo/app:" + random.Next(2), null)],
        }).ToList();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Random_observations_merge_as_the_merger_merges_them(int seed)
    {
        List<TaskStartSample> observations = RandomObservations(seed, 300);
        var merger = new TaskStartMerger();
        var table = new TaskTable(keepEveryField: true);
        foreach (TaskStartSample observation in observations)
        {
            merger.Add(observation);
            table.Add(observation);
        }

        Assert.Equal(merger.Observations, table.Observations);
        Assert.Equal(merger.DuplicateDeliveries, table.DuplicateDeliveries);
        Assert.Equal(merger.TaskCount, table.TaskCount);
        var expected = merger.Tasks.ToDictionary(t => t.TaskArn);
        foreach (TaskStartSample task in table.Samples())
        {
            TaskStartSample known = expected[task.TaskArn];
            Assert.Equal(known.Containers, task.Containers);
            Assert.Equal(known with { Containers = [] }, task with { Containers = [] });
        }
    }

    [Fact]
    public void A_report_of_many_tasks_copied_slice_by_slice_on_every_core_is_the_report_of_its_samples()
    {
        // Enough tasks for the durations to be copied in slices; ids made unique so each observation is a task of its own,
        // with a third of the tasks in a second definition arriving in runs, as task definitions do.
        var random = new Random(7);
        List<TaskStartSample> observations = RandomObservations(7, 30_000)
            .Select((o, i) => o with
            {
                TaskArn = $"arn:aws:ecs:us-east-1:111122223333:task/chaos/{i:x32}",
                TaskDefinitionArn = (i / 500) % 3 == 0 ? "arn:aws:ecs:us-east-1:1:task-definition/fam2:9" : o.TaskDefinitionArn,
                CreatedAt = o.CreatedAt?.AddMilliseconds(random.Next(5_000)),
            })
            .ToList();
        var table = new TaskTable();
        var merger = new TaskStartMerger();
        foreach (TaskStartSample observation in observations)
        {
            table.Add(observation);
            merger.Add(observation);
        }

        StartTimeReport fast = StartTimeReport.Build(table, null);
        StartTimeReport expected = StartTimeReport.Build(merger.Tasks, null);

        Assert.True(table.TaskCount >= 30_000);
        Assert.Equal(expected.Tasks, fast.Tasks);
        Assert.Equal((expected.NotStarted, expected.Implausible), (fast.NotStarted, fast.Implausible));
        Assert.Equal(expected.Groups.Select(g => (g.Family, g.Revision, g.Tasks, g.NotStarted)), fast.Groups.Select(g => (g.Family, g.Revision, g.Tasks, g.NotStarted)));
        foreach (var (a, b) in expected.Groups.Zip(fast.Groups))
        {
            Assert.Equal(a.Measures.OrderBy(m => m.Key), b.Measures.OrderBy(m => m.Key));
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Its_report_is_the_report_of_its_samples_row_for_row_and_figure_for_figure(int seed)
    {
        var table = new TaskTable();
        foreach (TaskStartSample observation in RandomObservations(seed, 400))
        {
            table.Add(observation);
        }

        GroupSelector.TryParse("fam0", out GroupSelector first, out _);
        GroupSelector.TryParse("fam1:2", out GroupSelector second, out _);
        var merger = new TaskStartMerger();
        RandomObservations(seed, 400).ForEach(merger.Add);
        StartTimeReport fast = StartTimeReport.Build(table, (first, second));
        StartTimeReport expected = StartTimeReport.Build(merger.Tasks, (first, second));

        Assert.Equal(expected.Tasks, fast.Tasks);
        Assert.Equal(expected.NotStarted, fast.NotStarted);
        Assert.Equal(expected.Implausible, fast.Implausible);
        Assert.True(fast.Implausible > 0, "the data holds starts three days before creation");
        Assert.Equal(expected.Groups.Count, fast.Groups.Count);
        foreach (var (a, b) in expected.Groups.Zip(fast.Groups))
        {
            Assert.Equal((a.Family, a.Revision, a.Tasks, a.NotStarted), (b.Family, b.Revision, b.Tasks, b.NotStarted));
            Assert.Equal(a.Measures.OrderBy(m => m.Key), b.Measures.OrderBy(m => m.Key));
        }

        Assert.Equal(expected.Comparison!.Measures, fast.Comparison!.Measures);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public void Its_per_task_table_is_written_character_for_character_as_the_general_writers_write_rows(int seed)
    {
        var table = new TaskTable();
        RandomObservations(seed, 400).ForEach(table.Add);
        StartTimeReport fast = StartTimeReport.Build(table);
        StartTimeReport general = fast with { Tasks = fast.Tasks.ToList() };
        Assert.True(fast.Implausible > 0);

        string Markdown(StartTimeReport report)
        {
            var text = new StringWriter();
            Reports.MarkdownReportWriter.Write(report, null, text, Reports.ReportTables.Tasks);
            return text.ToString();
        }

        string Csv(StartTimeReport report)
        {
            var text = new StringWriter();
            Reports.CsvReportWriter.Write(report, text, Reports.ReportTables.Tasks);
            return text.ToString();
        }

        string Json(StartTimeReport report)
        {
            var text = new StringWriter();
            Reports.JsonReportWriter.Write(report, null, text, Reports.ReportTables.Tasks);
            return text.ToString();
        }

        Assert.Equal(Markdown(general), Markdown(fast));
        Assert.Equal(Csv(general), Csv(fast));
        Assert.Equal(Json(general), Json(fast));
    }

    [Fact]
    public void A_per_task_table_of_many_tasks_formatted_on_every_core_is_the_general_writers_text()
    {
        // Enough tasks for several batches of slices, some cut short: the rows come out in report order.
        var random = new Random(12);
        var table = new TaskTable();
        for (int i = 0; i < 20_011; i++)
        {
            DateTimeOffset created = T0.AddSeconds(random.Next(5000)).AddMilliseconds(random.Next(1000));
            table.Add(new TaskStartSample
            {
                TaskArn = "arn:aws:ecs:us-east-1:111122223333:task/chaos/" + (i % 7 == 0 ? $"text-id-{i}" : i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)),
                TaskDefinitionArn = $"arn:aws:ecs:us-east-1:1:task-definition/fam{random.Next(3)}:{random.Next(1, 4)}",
                LastStatus = "RUNNING",
                Version = 1,
                CreatedAt = created,
                PullStartedAt = random.Next(5) == 0 ? null : created.AddMilliseconds(random.Next(20_000)),
                StartedAt = random.Next(9) == 0 ? null : created.AddMilliseconds(random.Next(100_000)),
            });
        }

        StartTimeReport fast = StartTimeReport.Build(table);
        StartTimeReport general = fast with { Tasks = fast.Tasks.ToList() };
        var fastMarkdown = new StringWriter();
        var generalMarkdown = new StringWriter();
        Reports.MarkdownReportWriter.Write(fast, null, fastMarkdown, Reports.ReportTables.Tasks);
        Reports.MarkdownReportWriter.Write(general, null, generalMarkdown, Reports.ReportTables.Tasks);
        var fastCsv = new StringWriter();
        var generalCsv = new StringWriter();
        Reports.CsvReportWriter.Write(fast, fastCsv, Reports.ReportTables.Tasks);
        Reports.CsvReportWriter.Write(general, generalCsv, Reports.ReportTables.Tasks);

        var fastJson = new StringWriter();
        var generalJson = new StringWriter();
        Reports.JsonReportWriter.Write(fast, null, fastJson, Reports.ReportTables.Tasks);
        Reports.JsonReportWriter.Write(general, null, generalJson, Reports.ReportTables.Tasks);

        Assert.Equal(20_011, fast.Tasks.Count);
        Assert.Equal(generalJson.ToString(), fastJson.ToString());
        Assert.Equal(generalMarkdown.ToString(), fastMarkdown.ToString());
        Assert.Equal(generalCsv.ToString(), fastCsv.ToString());
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("file")]
    public async Task A_file_of_many_blocks_read_on_every_core_gives_what_a_line_by_line_read_gives(string how)
    {
        // About 3 MB: several blocks, with broken lines and other kinds spread across them.
        var text = new StringBuilder();
        var random = new Random(11);
        foreach (TaskStartSample task in SandboxStartTimes.Generate(T0, tasksPerFamily: 600, seed: 3))
        {
            foreach (TaskStartSample state in TaskStateChangeEventWriter.Lifecycle(task))
            {
                var line = new MemoryStream();
                TaskStateChangeEventWriter.Write(line, state, Guid.Empty);
                text.Append(Encoding.UTF8.GetString(line.ToArray())).Append('\n');
                if (random.Next(50) == 0)
                {
                    text.Append("{\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\",\"detail\":{\"taskArn\":\"cut\n");
                }
            }
        }

        byte[] bytes = Encoding.UTF8.GetBytes(text.ToString());
        Assert.True(bytes.Length > 3 * JsonLinesBlocks.BlockBytes / 2);

        // The reference: one line at a time through the intake, no blocks and no threads.
        var sequentialTally = new InputTally();
        var intake = new EventIntake("sandbox", sequentialTally);
        var merger = new TaskStartMerger();
        string[] lines = text.ToString().Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0 && intake.TryAccept(Encoding.UTF8.GetBytes(lines[i]), new InputPosition("f", "line", i + 1), out TaskStartSample sample))
            {
                merger.Add(sample);
            }
        }

        var tally = new InputTally();
        var table = new TaskTable();
        if (how == "file")
        {
            // Read by every core straight from the file's offsets (JsonLinesFile).
            string path = Path.Combine(Path.GetTempPath(), $"blocks-{Guid.NewGuid():N}", "f");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            try
            {
                await File.WriteAllBytesAsync(path, bytes);
                await EventFileReader.ReadIntoAsync(path, new EventIntake("sandbox", tally), table);
            }
            finally
            {
                Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
            }
        }
        else
        {
            await EventFileReader.ReadIntoAsync(new MemoryStream(bytes), "f", new EventIntake("sandbox", tally), table);
        }

        Assert.Equal((sequentialTally.Messages, sequentialTally.TaskEvents, sequentialTally.Malformed), (tally.Messages, tally.TaskEvents, tally.Malformed));
        Assert.True(tally.Malformed > 5);
        Assert.Equal(sequentialTally.MalformedExamples, tally.MalformedExamples);
        Assert.Equal(merger.DuplicateDeliveries, table.DuplicateDeliveries);
        Assert.Equal(StartTimeReport.Build(merger.Tasks).Tasks, StartTimeReport.Build(table).Tasks);
    }

    [Fact]
    public async Task A_file_read_by_every_core_cuts_and_numbers_its_lines_as_a_stream_read_does()
    {
        // A BOM, blank and space-only lines, CRLF ends, a line longer than 16 MiB (one malformed line, passed
        // over), a line of invalid UTF-8, a cut line, other kinds, and no line end at the very end.
        var lines = new List<byte[]>();
        var line = new MemoryStream();
        TaskStartSample[] tasks = [.. SandboxStartTimes.Generate(T0, tasksPerFamily: 40, seed: 5)];
        foreach (TaskStartSample task in tasks)
        {
            foreach (TaskStartSample state in TaskStateChangeEventWriter.Lifecycle(task))
            {
                line.SetLength(0);
                TaskStateChangeEventWriter.Write(line, state, Guid.Empty);
                lines.Add(line.ToArray());
            }
        }

        byte[] tooLong = new byte[(16 << 20) + 5];
        tooLong.AsSpan().Fill((byte)'x');
        lines.Insert(3, tooLong);
        lines.Insert(4, "   "u8.ToArray());
        lines.Insert(5, [0xFF, 0xFE]);
        lines.Insert(50, "{\"detail-type\":\"ECS Task State Change\",\"detail\":{\"taskArn\":\"cut"u8.ToArray());
        lines.Insert(60, "{\"detail-type\":\"Other\",\"source\":\"aws.ecs\",\"detail\":{}}\r"u8.ToArray());
        lines.Insert(61, []);
        var file = new MemoryStream();
        file.Write("\uFEFF"u8);
        for (int i = 0; i < lines.Count; i++)
        {
            file.Write(lines[i]);
            if (i < lines.Count - 1)
            {
                file.WriteByte((byte)'\n');
            }
        }

        byte[] bytes = file.ToArray();
        var streamTally = new InputTally();
        var streamTable = new TaskTable(keepEveryField: true);
        await EventFileReader.ReadIntoAsync(new MemoryStream(bytes), "f", new EventIntake(null, streamTally), streamTable);

        string path = Path.Combine(Path.GetTempPath(), $"blocks-{Guid.NewGuid():N}", "f");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fileTally = new InputTally();
        var fileTable = new TaskTable(keepEveryField: true);
        try
        {
            await File.WriteAllBytesAsync(path, bytes);
            await EventFileReader.ReadIntoAsync(path, new EventIntake(null, fileTally), fileTable);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }

        Assert.Equal(
            (streamTally.Messages, streamTally.TaskEvents, streamTally.OtherKinds, streamTally.Malformed),
            (fileTally.Messages, fileTally.TaskEvents, fileTally.OtherKinds, fileTally.Malformed));
        Assert.Equal(3, fileTally.Malformed);
        Assert.Equal(streamTally.MalformedExamples, fileTally.MalformedExamples);
        Assert.Equal("f line 4: line longer than 16 MiB, skipped", fileTally.MalformedExamples[0].ToString());
        Assert.Equal(tasks.Length, fileTable.TaskCount);
        Assert.Equal(streamTable.Samples().Select(Describe), fileTable.Samples().Select(Describe));
        Assert.Equal(streamTally.Sources, fileTally.Sources);
    }

    private static string Describe(TaskStartSample sample) => (sample with { Containers = [] }) + string.Join(";", sample.Containers);
}
