using ChaosDashboard.Processing;
using ChaosDashboard.Worker.Tests.Fakes;

namespace ChaosDashboard.Worker.Tests;

/// <summary>The shared processing loop on an in-memory table and a stepping clock: fast and exact.</summary>
public sealed class BatchJobTests
{
    static readonly DateTimeOffset Epoch = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    readonly InMemoryItemTable _table = new();
    readonly List<string> _log = [];
    readonly CancellationTokenSource _stop = new();

    Task<BatchJobResult> Run(BatchMode mode, int batchSize = 6, string taskId = "task-a")
    {
        var options = new BatchJobOptions { TaskId = taskId, Mode = mode, BatchSize = batchSize, Interval = Interval };
        var job = new BatchJob(_table, options, line => { lock (_log) _log.Add(line); }, new SteppingTimeProvider(Epoch));
        return job.RunAsync(_stop.Token);
    }

    List<JobLogLine> Events => [.. _log.Select(JobLogLine.TryParse).OfType<JobLogLine>()];
    List<string> Prose => [.. _log.Where(l => JobLogLine.TryParse(l) is null)];

    [Fact]
    public async Task Baseline_starts_at_item_0_and_overwrites_what_an_earlier_run_wrote()
    {
        for (var i = 0; i < 4; i++) _table.Seed(i, "earlier-run");

        var result = await Run(BatchMode.Baseline);

        Assert.Equal(new BatchJobResult(0, 6, 0, Interrupted: false, NextIndex: 6), result);
        Assert.Equal([2, 2, 2, 2, 1, 1], _table.Items.OrderBy(i => i.Key).Select(i => i.Value.Writes));
        Assert.All(_table.Items.Values, item => Assert.Equal("task-a", item.Last.TaskId));
        Assert.DoesNotContain(Prose, line => line.StartsWith("Continuing at", StringComparison.Ordinal));
        Assert.Equal(0, Events.Single(e => e.Event == JobLogLine.Start).Index);
        Assert.Equal(
            [JobLogLine.Overwritten, JobLogLine.Overwritten, JobLogLine.Overwritten, JobLogLine.Overwritten, JobLogLine.Written, JobLogLine.Written],
            Events.Where(e => e.Event == JobLogLine.Item).Select(e => e.Outcome));
    }

    [Fact]
    public async Task Checkpoint_continues_after_the_highest_item_and_leaves_earlier_items_alone()
    {
        for (var i = 0; i < 4; i++) _table.Seed(i, "earlier-run");

        var result = await Run(BatchMode.Checkpoint);

        Assert.Equal(new BatchJobResult(4, 2, 0, Interrupted: false, NextIndex: 6), result);
        Assert.Contains("Continuing at 4", Prose);
        Assert.Equal(4, Events.Single(e => e.Event == JobLogLine.Start).Index);
        Assert.All(_table.Items.Values, item => Assert.Equal(1, item.Writes));
        Assert.Equal(["earlier-run", "earlier-run", "earlier-run", "earlier-run", "task-a", "task-a"],
            _table.Items.OrderBy(i => i.Key).Select(i => i.Value.Last.TaskId));
    }

    [Fact]
    public async Task Checkpoint_on_an_empty_table_continues_at_0()
    {
        var result = await Run(BatchMode.Checkpoint, batchSize: 3);

        Assert.Equal(new BatchJobResult(0, 3, 0, Interrupted: false, NextIndex: 3), result);
        Assert.Equal(["Starting batch job", "Continuing at 0"], Prose.Take(2));
    }

    [Fact]
    public async Task Logs_the_workshop_wording_and_one_parsable_structured_line_per_event()
    {
        await Run(BatchMode.Baseline, batchSize: 3);

        Assert.Equal(
            ["Starting batch job",
             "Successfully PUT item 0 out of 3 into DDB",
             "Successfully PUT item 1 out of 3 into DDB",
             "Successfully PUT item 2 out of 3 into DDB",
             "Batch job finished: 3 written, 0 skipped"],
            Prose);
        var events = Events;
        Assert.Equal([JobLogLine.Start, JobLogLine.Item, JobLogLine.Item, JobLogLine.Item, JobLogLine.Done], events.Select(e => e.Event));
        Assert.All(events, e => Assert.Equal("task-a", e.TaskId));
        Assert.Equal("baseline", events[0].Mode);
        Assert.Equal([0, 1, 2], events.Where(e => e.Event == JobLogLine.Item).Select(e => e.Index!.Value));
        Assert.All(events.Where(e => e.Event == JobLogLine.Item), e => Assert.Equal(3, e.Of));
        // Each item is written one interval after the previous one.
        Assert.Equal(
            [Epoch, Epoch + Interval, Epoch + 2 * Interval, Epoch + 3 * Interval, Epoch + 3 * Interval],
            events.Select(e => DateTimeOffset.Parse(e.At, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_stop_request_finishes_the_current_item_starts_no_new_one_and_says_where_it_was()
    {
        var options = new BatchJobOptions { TaskId = "task-a", Mode = BatchMode.Checkpoint, BatchSize = 10, Interval = Interval };
        var job = new BatchJob(_table, options, line =>
        {
            _log.Add(line);
            if (line == "Successfully PUT item 2 out of 10 into DDB") _stop.Cancel();
        }, new SteppingTimeProvider(Epoch));

        var result = await job.RunAsync(_stop.Token);

        Assert.Equal(new BatchJobResult(0, 3, 0, Interrupted: true, NextIndex: 3), result);
        Assert.Equal([0, 1, 2], _table.Items.Keys.Order());
        Assert.Contains("Stop requested: exiting before item 3 (3 written in this run)", Prose);
        var stop = Assert.Single(Events, e => e.Event == JobLogLine.Stop);
        Assert.Equal(3, stop.Index);
        Assert.DoesNotContain(Events, e => e.Event == JobLogLine.Done);
    }

    [Fact]
    public async Task Checkpoint_skips_an_item_another_task_wrote_first()
    {
        _table.BeforeWrite = index => { if (index == 1) _table.Seed(1, "other-task"); };

        var result = await Run(BatchMode.Checkpoint, batchSize: 3);

        Assert.Equal(new BatchJobResult(0, 2, 1, Interrupted: false, NextIndex: 3), result);
        Assert.Equal("other-task", _table.Items[1].Last.TaskId);
        Assert.Contains("Skipped item 1: another run already wrote it", Prose);
        Assert.Equal(JobLogLine.Skipped, Assert.Single(Events, e => e.Index == 1 && e.Event == JobLogLine.Item).Outcome);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_and_the_structured_line_counts_the_attempts()
    {
        var failures = 1;
        _table.BeforeWrite = index => { if (index == 1 && failures-- > 0) throw new TimeoutException("slow table"); };

        var result = await Run(BatchMode.Checkpoint, batchSize: 3);

        Assert.Equal(3, result.Written);
        Assert.Equal(2, Assert.Single(Events, e => e.Index == 1 && e.Event == JobLogLine.Item).Attempt);
        Assert.All(_table.Items.Values, item => Assert.Equal(1, item.Writes));
    }

    [Fact]
    public async Task A_permanent_failure_ends_the_run_with_the_error()
    {
        _table.BeforeWrite = index => { if (index == 1) throw new InvalidOperationException("access denied"); };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Run(BatchMode.Checkpoint, batchSize: 3));

        Assert.Equal("access denied", error.Message);
        Assert.Equal([0], _table.Items.Keys);
    }
}
