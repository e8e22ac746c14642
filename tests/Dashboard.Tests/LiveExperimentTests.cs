using ChaosDashboard.Batch;
using ChaosDashboard.Experiment;
using ChaosDashboard.Live;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests;

public class LiveExperimentTests
{
    [Fact]
    public void An_unchanged_task_observation_publishes_nothing()
    {
        var live = new LiveExperiment(10, Settings());
        live.ObserveTask(Task("a"));
        var seq = live.Snapshot().Seq;
        live.ObserveTask(Task("a"));
        Assert.Equal(seq, live.Snapshot().Seq);
        live.ObserveTask(Task("a", status: "DEACTIVATING"));
        Assert.True(live.Snapshot().Seq > seq);
    }

    [Fact]
    public void The_log_keeps_a_bounded_number_of_lines_and_numbers_them()
    {
        var live = new LiveExperiment(10, Settings());
        for (var i = 0; i < LiveExperiment.MaxLogLines + 25; i++) live.AppendLog("a", T0, $"line {i}");
        var logs = live.Snapshot().Logs;
        Assert.Equal(LiveExperiment.MaxLogLines, logs.Count);
        Assert.Equal("line 25", logs[0].Text);
        Assert.Equal(LiveExperiment.MaxLogLines + 25, logs[^1].Number);
    }

    [Fact]
    public void The_structured_start_line_sets_the_start_and_is_not_shown()
    {
        var live = new LiveExperiment(10, Settings());
        live.ObserveTask(Task("a", TaskKind.Improved));
        live.AppendLog("a", T0, "Starting batch job");
        live.AppendLog("a", T0, new JobLogLine { Event = JobLogLine.Start, TaskId = "a", Index = 4, At = "x" }.ToJson());

        var snapshot = live.Snapshot();
        Assert.Equal(4, snapshot.Tasks[0].StartIndex);
        Assert.Equal(["Starting batch job"], snapshot.Logs.Select(l => l.Text));
    }

    [Fact]
    public void Continuing_at_sets_the_start_for_images_without_structured_lines()
    {
        var live = new LiveExperiment(10, Settings());
        live.ObserveTask(Task("a", TaskKind.Improved));
        live.AppendLog("a", T0, "Continuing at 4");

        Assert.Equal(4, live.Snapshot().Tasks[0].StartIndex);
    }

    [Fact]
    public void A_start_line_without_an_index_starts_a_baseline_at_zero()
    {
        var live = new LiveExperiment(10, Settings());
        live.ObserveTask(Task("a"));
        live.ObserveTask(Task("b", TaskKind.Improved));
        live.AppendLog("a", T0, new JobLogLine { Event = JobLogLine.Start, TaskId = "a", At = "x" }.ToJson());
        live.AppendLog("b", T0, new JobLogLine { Event = JobLogLine.Start, TaskId = "b", At = "x" }.ToJson());

        var tasks = live.Snapshot().Tasks;
        Assert.Equal(0, tasks.Single(t => t.TaskId == "a").StartIndex);
        Assert.Null(tasks.Single(t => t.TaskId == "b").StartIndex);
    }

    [Fact]
    public void Clearing_the_table_starts_a_new_trial_that_judges_only_its_own_tasks()
    {
        var live = new LiveExperiment(3, Settings());
        live.ObserveTask(Finished("a", 0, 10));
        for (var i = 0; i < 3; i++) live.ObserveItemWrite(i, "a", T0.AddSeconds(i));
        Assert.Equal(3, live.Snapshot().Verdict.ItemsPresent);

        live.ClearItems();
        var snapshot = live.Snapshot();

        Assert.Equal(2, snapshot.Trial);
        Assert.All(snapshot.Items, i => Assert.False(i.Present));
        Assert.Empty(snapshot.Verdict.Runs);
        Assert.Equal(1, snapshot.Tasks.Single().Trial);
    }

    [Fact]
    public void A_write_seen_twice_counts_once_and_the_tables_own_count_wins()
    {
        var live = new LiveExperiment(3, Settings());
        live.ObserveItemWrite(1, "a", T0);
        live.ObserveItemWrite(1, "a", T0);
        Assert.Equal(1, live.Snapshot().Items[1].WriteCount);
        live.ObserveItemWrite(1, "b", T0.AddSeconds(5), writeCount: 3);
        Assert.Equal(3, live.Snapshot().Items[1].WriteCount);
        Assert.Equal("again", live.Snapshot().Items[1].State);
    }

    [Fact]
    public void Items_outside_the_batch_are_ignored()
    {
        var live = new LiveExperiment(3, Settings());
        var seq = live.Snapshot().Seq;
        live.ObserveItemWrite(7, "a", T0);
        live.ObserveItemWrite(-1, "a", T0);
        Assert.Equal(seq, live.Snapshot().Seq);
    }

    [Fact]
    public void Tasks_kept_are_bounded()
    {
        var live = new LiveExperiment(3, Settings());
        for (var i = 0; i < LiveExperiment.MaxTasks + 5; i++) live.ObserveTask(Task($"t{i}"));
        Assert.Equal(LiveExperiment.MaxTasks, live.Snapshot().Tasks.Count);
        Assert.Equal("t5", live.Snapshot().Tasks[0].TaskId);
    }

    [Fact]
    public void Every_delta_replayed_onto_a_snapshot_gives_the_current_state()
    {
        // What a browser does: start from a snapshot, apply deltas; it must end where the server is.
        var live = new LiveExperiment(3, Settings());
        var reader = live.Watch(0, CancellationToken.None);
        live.ObserveTask(Task("a"));
        live.ObserveItemWrite(0, "a", T0);
        live.AppendLog("a", T0, "Successfully PUT item 0 out of 3 into DDB");
        live.ObserveTask(Interrupted("a", 0, 5));

        var messages = new List<LiveMessage>();
        while (reader.TryRead(out var m)) messages.Add(m);
        var seqs = messages.Select(m => m.Seq).ToList();
        Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => seqs[0] + i), seqs);

        var end = live.Snapshot();
        Assert.Equal(end.Seq, messages[^1].Seq);
        var lastTask = messages.Last(m => m.Type == "task").Data as TaskView;
        Assert.Equal(end.Tasks.Single(), lastTask);
        var lastVerdict = messages.Last(m => m.Type == "verdict").Data as Verdict;
        Assert.Equal(end.Verdict, lastVerdict);
    }
}

public class ItemHistoryTests
{
    [Fact]
    public void An_items_history_is_bounded_but_its_count_is_not()
    {
        var live = new LiveExperiment(1, Builders.Settings());
        for (var i = 0; i < LiveExperiment.MaxWritesPerItem + 5; i++) live.ObserveItemWrite(0, $"t{i}", Builders.T0.AddSeconds(i));
        var item = live.Snapshot().Items[0];
        Assert.Equal(LiveExperiment.MaxWritesPerItem + 5, item.WriteCount);
        Assert.Equal(LiveExperiment.MaxWritesPerItem, item.Writes.Count);
        Assert.Equal("t5", item.Writes[0].TaskId);
    }
}
