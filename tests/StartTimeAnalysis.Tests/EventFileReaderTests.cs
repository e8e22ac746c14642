using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Sources;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

public class EventFileReaderTests
{
    [Fact]
    public async Task Json_lines_are_counted_by_kind_with_malformed_lines_located()
    {
        var (merger, tally) = await Fixtures.ReadAsync("chaos", "events.jsonl");

        // Worked out line by line in tests/fixtures/start-time/README.md.
        Assert.Equal(22, tally.Messages);
        Assert.Equal(16, tally.TaskEvents);
        Assert.Equal(2, tally.OtherKinds);
        Assert.Equal(1, tally.OtherClusters);
        Assert.Equal(3, tally.Malformed);
        Assert.Equal(3, merger.DuplicateDeliveries);
        Assert.Equal(8, merger.TaskCount);
        Assert.Equal([5L, 12L, 21L], tally.MalformedExamples.Select(m => m.Position.Number));
        Assert.All(tally.MalformedExamples, m => Assert.Equal("events.jsonl", m.Position.Source));
        Assert.Equal("events.jsonl line 21", tally.MalformedExamples[2].Position.ToString());
        Assert.Contains("detail.createdAt", tally.MalformedExamples[2].Reason);
        Assert.Equal(new InputSource("events.jsonl", EventFileReader.JsonLinesKind), Assert.Single(tally.Sources));
    }

    [Fact]
    public async Task Without_a_cluster_filter_every_cluster_is_kept()
    {
        var (merger, tally) = await Fixtures.ReadAsync(cluster: "", "events.jsonl");

        Assert.Equal(0, tally.OtherClusters);
        Assert.Equal(17, tally.TaskEvents);
        Assert.Equal(9, merger.TaskCount);
    }

    [Fact]
    public async Task A_cluster_given_by_arn_filters_the_same_as_by_name()
    {
        var (merger, tally) = await Fixtures.ReadAsync(Fixtures.ChaosCluster, "events.jsonl");

        Assert.Equal(1, tally.OtherClusters);
        Assert.Equal(8, merger.TaskCount);
    }

    [Fact]
    public async Task Per_task_phases_match_the_hand_computed_figures()
    {
        var (merger, _) = await Fixtures.ReadAsync("chaos", "events.jsonl");
        Dictionary<string, TaskStartRow> rows = merger.Tasks.Select(TaskStartRow.From).ToDictionary(row => row.TaskId[..2]);

        // (total, provisioning, image pull, container start) in seconds, from the README table.
        AssertPhases(rows["a1"], 8.500, 6.690, 0.887, 0.923);
        AssertPhases(rows["a2"], 12.125, 10.250, 1.250, 0.625);
        AssertPhases(rows["a3"], 9.500, 8.000, 1.000, 0.500);
        AssertPhases(rows["b1"], 12.900, 7.332, 4.800, 0.768);
        AssertPhases(rows["b2"], 13.000, 6.500, 5.500, 1.000);
        AssertPhases(rows["b4"], 11.250, 7.000, 3.500, 0.750);
        AssertPhases(rows["c1"], 6.500, 4.000, 2.000, 0.500);

        TaskStartRow neverStarted = rows["b3"];
        Assert.False(neverStarted.Started);
        Assert.Equal("STOPPED", neverStarted.LastStatus);
        Assert.Null(neverStarted.Total);
        Assert.Equal(5.0, neverStarted.Provisioning!.Value.TotalSeconds, 9);
        Assert.Null(neverStarted.ImagePull);
        Assert.Null(neverStarted.ContainerStart);

        Assert.Equal("a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2", rows["a2"].TaskId); // short ARN
        Assert.Equal("RUNNING", rows["a3"].LastStatus);                      // v2 beat the later v1
        Assert.Equal(("legacy-batch", (int?)null), (rows["c1"].Family, rows["c1"].Revision));
    }

    [Fact]
    public async Task Group_summaries_match_the_hand_computed_figures()
    {
        var (merger, _) = await Fixtures.ReadAsync("chaos", "events.jsonl");
        StartTimeReport report = StartTimeReport.Build(merger.Tasks);

        Assert.Equal(
            ["legacy-batch:unknown", "socidemo-app:3", "socidemo-app-noindex:2"],
            report.Groups.Select(g => new TaskDefinitionName(g.Family, g.Revision).ToString()));

        GroupSummary indexed = report.Groups.Single(g => g.Family == "socidemo-app");
        Assert.Equal((3, 0), (indexed.Tasks, indexed.NotStarted));
        AssertStatistics(indexed[StartMeasure.Total]!, 3, mean: 30.125 / 3, median: 9.5, p90: 11.6, min: 8.5, max: 12.125);
        AssertStatistics(indexed[StartMeasure.Provisioning]!, 3, mean: 24.94 / 3, median: 8.0, p90: 9.8, min: 6.69, max: 10.25);
        AssertStatistics(indexed[StartMeasure.ImagePull]!, 3, mean: 3.137 / 3, median: 1.0, p90: 1.2, min: 0.887, max: 1.25);
        AssertStatistics(indexed[StartMeasure.ContainerStart]!, 3, mean: 2.048 / 3, median: 0.625, p90: 0.8634, min: 0.5, max: 0.923);

        GroupSummary notIndexed = report.Groups.Single(g => g.Family == "socidemo-app-noindex");
        Assert.Equal((4, 1), (notIndexed.Tasks, notIndexed.NotStarted));
        // b3 never started: its 5 s of provisioning must not be averaged in.
        AssertStatistics(notIndexed[StartMeasure.Total]!, 3, mean: 37.15 / 3, median: 12.9, p90: 12.98, min: 11.25, max: 13.0);
        AssertStatistics(notIndexed[StartMeasure.Provisioning]!, 3, mean: 6.944, median: 7.0, p90: 7.2656, min: 6.5, max: 7.332);
        AssertStatistics(notIndexed[StartMeasure.ImagePull]!, 3, mean: 4.6, median: 4.8, p90: 5.36, min: 3.5, max: 5.5);
        AssertStatistics(notIndexed[StartMeasure.ContainerStart]!, 3, mean: 2.518 / 3, median: 0.768, p90: 0.9536, min: 0.75, max: 1.0);
    }

    [Fact]
    public async Task Comparison_is_the_ratio_of_medians()
    {
        var (merger, _) = await Fixtures.ReadAsync("chaos", "events.jsonl");
        GroupSelector.TryParse("socidemo-app:3", out GroupSelector first, out _);
        GroupSelector.TryParse("socidemo-app-noindex:2", out GroupSelector second, out _);

        GroupComparison comparison = StartTimeReport.Build(merger.Tasks, (first, second)).Comparison!;

        Assert.Equal(12.9 / 9.5, comparison[StartMeasure.Total].SpeedUp!.Value, 9);
        Assert.Equal(4.8 / 1.0, comparison[StartMeasure.ImagePull].SpeedUp!.Value, 9);
        Assert.Equal(7.0 / 8.0, comparison[StartMeasure.Provisioning].SpeedUp!.Value, 9);
        Assert.Equal(0.768 / 0.625, comparison[StartMeasure.ContainerStart].SpeedUp!.Value, 9);
    }

    [Fact]
    public async Task Get_log_events_output_is_detected_and_its_messages_read()
    {
        var (merger, tally) = await Fixtures.ReadAsync("chaos", "get-log-events.json");

        Assert.Equal(new InputSource("get-log-events.json", EventFileReader.GetLogEventsKind), Assert.Single(tally.Sources));
        Assert.Equal(3, tally.Messages);
        Assert.Equal(2, tally.TaskEvents);
        MalformedInput bad = Assert.Single(tally.MalformedExamples);
        Assert.Equal("get-log-events.json event 2", bad.Position.ToString());
        Assert.Equal(["a2", "b4"], merger.Tasks.Select(t => t.TaskId[..2]).Order());
    }

    [Fact]
    public async Task Filter_log_events_pages_saved_one_after_another_are_all_read()
    {
        var (merger, tally) = await Fixtures.ReadAsync("chaos", "filter-log-events.json");

        Assert.Equal(new InputSource("filter-log-events.json", EventFileReader.FilterLogEventsKind), Assert.Single(tally.Sources));
        Assert.Equal(6, tally.TaskEvents);
        Assert.Equal(0, tally.Malformed);
        Assert.Equal(1, merger.DuplicateDeliveries);
        var rows = merger.Tasks.Select(TaskStartRow.From).ToDictionary(row => row.TaskId[..2]);
        AssertPhases(rows["a1"], 8.500, 6.690, 0.887, 0.923);
        AssertPhases(rows["b1"], 12.900, 7.332, 4.800, 0.768);
    }

    [Theory]
    [InlineData("events.jsonl", 1)]
    [InlineData("events.jsonl", 7)]
    [InlineData("get-log-events.json", 1)]
    [InlineData("filter-log-events.json", 3)]
    [InlineData("filter-log-events.json", 64)]
    public async Task Chunk_boundaries_anywhere_change_nothing(string file, int bytesPerRead)
    {
        var (expected, expectedTally) = await Fixtures.ReadAsync("chaos", file);

        var tally = new InputTally();
        var merger = new TaskStartMerger();
        await using (var stream = new TrickleStream(File.OpenRead(Fixtures.PathOf(file)), bytesPerRead))
        {
            await foreach (TaskStartSample sample in EventFileReader.ReadAsync(stream, file, new EventIntake("chaos", tally)))
            {
                merger.Add(sample);
            }
        }

        Assert.Equal(expected.Tasks.OrderBy(t => t.TaskArn).Select(TaskStartRow.From), merger.Tasks.OrderBy(t => t.TaskArn).Select(TaskStartRow.From));
        Assert.Equal(
            (expectedTally.Messages, expectedTally.TaskEvents, expectedTally.Malformed, expectedTally.OtherKinds),
            (tally.Messages, tally.TaskEvents, tally.Malformed, tally.OtherKinds));
        Assert.Equal(expectedTally.MalformedExamples, tally.MalformedExamples);
    }

    [Fact]
    public async Task A_byte_order_mark_windows_line_ends_and_a_missing_last_newline_are_fine()
    {
        string[] lines = File.ReadAllLines(Fixtures.PathOf("events.jsonl"));
        byte[] content = [.. "\uFEFF"u8, .. System.Text.Encoding.UTF8.GetBytes(string.Join("\r\n", lines[..3]))];

        var tally = new InputTally();
        var samples = new List<TaskStartSample>();
        await foreach (TaskStartSample sample in EventFileReader.ReadAsync(new MemoryStream(content), "crlf", new EventIntake(null, tally)))
        {
            samples.Add(sample);
        }

        Assert.Equal(3, samples.Count);
        Assert.Equal(0, tally.Malformed);
    }

    [Fact]
    public async Task A_log_events_document_cut_short_keeps_what_was_read_and_reports_the_rest()
    {
        string whole = File.ReadAllText(Fixtures.PathOf("get-log-events.json"));
        // Cut inside the third log event.
        string cut = whole[..(whole.LastIndexOf("\"message\"", StringComparison.Ordinal) + 20)];

        var tally = new InputTally();
        var samples = new List<TaskStartSample>();
        await foreach (TaskStartSample sample in EventFileReader.ReadAsync(
                           new MemoryStream(System.Text.Encoding.UTF8.GetBytes(cut)), "cut.json", new EventIntake(null, tally)))
        {
            samples.Add(sample);
        }

        Assert.Single(samples);
        Assert.Equal(2, tally.Malformed); // the non-JSON message, then the cut
        Assert.Contains("rest of file skipped", tally.MalformedExamples[1].Reason);
    }

    [Fact]
    public async Task An_empty_file_reads_as_nothing()
    {
        var tally = new InputTally();
        await foreach (TaskStartSample _ in EventFileReader.ReadAsync(new MemoryStream(), "empty", new EventIntake(null, tally)))
        {
            Assert.Fail("no sample expected");
        }

        Assert.Equal(0, tally.Messages);
    }

    private static void AssertPhases(TaskStartRow row, double total, double provisioning, double imagePull, double containerStart)
    {
        Assert.True(row.Started);
        Assert.Equal(total, row.Total!.Value.TotalSeconds, 9);
        Assert.Equal(provisioning, row.Provisioning!.Value.TotalSeconds, 9);
        Assert.Equal(imagePull, row.ImagePull!.Value.TotalSeconds, 9);
        Assert.Equal(containerStart, row.ContainerStart!.Value.TotalSeconds, 9);
    }

    private static void AssertStatistics(DurationStatistics statistics, int n, double mean, double median, double p90, double min, double max)
    {
        Assert.Equal(n, statistics.Count);
        Assert.Equal(mean, statistics.Mean, 6);
        Assert.Equal(median, statistics.Median, 6);
        Assert.Equal(p90, statistics.P90, 6);
        Assert.Equal(min, statistics.Min, 6);
        Assert.Equal(max, statistics.Max, 6);
    }
}
