using ChaosDashboard.Experiment;
using ChaosDashboard.Live;
using ChaosDashboard.Sandbox;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using static ChaosDashboard.Tests.Builders;

namespace ChaosDashboard.Tests;

/// <summary>
/// The simulated AWS side end to end, at the workshop's own durations (an item every 30 s) on a fake
/// clock that the test moves: nothing waits on the wall clock, so a busy machine cannot change a result.
/// </summary>
public class SandboxTests
{
    sealed class World
    {
        public readonly FakeTimeProvider Time = new(T0);
        public readonly LiveExperiment Live;
        public readonly SandboxEcs Ecs;
        public readonly SandboxFis Fis;
        public readonly SandboxBackend Backend;
        readonly List<LiveMessage> _messages = [];
        readonly System.Threading.Channels.ChannelReader<LiveMessage> _reader;

        public World()
        {
            var options = new SandboxOptions { TimeScale = 1, BatchSize = 10 };
            Live = new LiveExperiment(10, Settings(), Time);
            var table = new SandboxTable(Live);
            Ecs = new SandboxEcs(Live, table, options, NullLogger<SandboxEcs>.Instance, Time);
            Fis = new SandboxFis(Live, Ecs, options, Time);
            Backend = new SandboxBackend(Ecs, Fis, table);
            _reader = Live.Watch(0, CancellationToken.None);
        }

        public Snapshot State => Live.Snapshot();

        public List<T> Deltas<T>(string type)
        {
            while (_reader.TryRead(out var m)) _messages.Add(m);
            return _messages.Where(m => m.Type == type).Select(m => (T)m.Data).ToList();
        }

        public async Task<string> Launch(TaskKind kind)
        {
            var outcome = await Backend.LaunchTaskAsync(kind, Guid.NewGuid().ToString(), CancellationToken.None);
            Assert.True(outcome.Ok, outcome.Message);
            return outcome.ResourceId!;
        }

        public Task RunToEnd(string taskId) => Until(_ => Ecs.WhenStopped(taskId).IsCompleted, $"task {taskId} stopped");

        public Task Finish(string experimentId) => Until(_ => Fis.WhenFinished(experimentId).IsCompleted, $"experiment {experimentId} ended");

        /// <summary>Moves the clock a simulated second at a time until the condition holds.</summary>
        public async Task Until(Func<Snapshot, bool> condition, string what)
        {
            for (var seconds = 0; !condition(State); seconds++)
            {
                if (seconds > 3600) throw new TimeoutException($"Not within a simulated hour: {what}");
                Time.Advance(TimeSpan.FromSeconds(1));
                // A real pause, so the continuations the clock released run before the next look.
                await System.Threading.Tasks.Task.Delay(1);
            }
        }

        /// <summary>Launches a task, lets it write some items, interrupts it with the experiment.</summary>
        public async Task<(string TaskId, string ExperimentId)> LaunchAndInterrupt(TaskKind kind, int afterItems)
        {
            var taskId = await Launch(kind);
            await Until(s => s.Items.Count(i => i.Writes.Any(w => w.TaskId == taskId)) >= afterItems, $"{afterItems} items from {taskId}");
            var experiment = await Backend.StartExperimentAsync(Guid.NewGuid().ToString(), CancellationToken.None);
            await Finish(experiment.ResourceId!);
            await RunToEnd(taskId);
            return (taskId, experiment.ResourceId!);
        }
    }

    [Fact]
    public async Task An_uninterrupted_task_walks_the_whole_lifecycle_and_writes_every_item()
    {
        var world = new World();
        var taskId = await world.Launch(TaskKind.Baseline);
        await world.RunToEnd(taskId);

        var statuses = world.Deltas<TaskView>("task").Select(t => t.LastStatus).Distinct().ToList();
        Assert.Equal(TaskLifecycle.States, statuses);
        var task = world.State.Tasks.Single();
        Assert.Equal(TaskLifecycle.States, task.StateTimes.OrderBy(kv => kv.Value).ThenBy(kv => TaskLifecycle.IndexOf(kv.Key)).Select(kv => kv.Key));
        Assert.True(task.CreatedAt <= task.PullStartedAt && task.PullStartedAt <= task.PullStoppedAt && task.PullStoppedAt <= task.StartedAt && task.StartedAt <= task.StoppedAt);
        Assert.Equal(VerdictCalculator.FinishedStopCode, task.StopCode);
        Assert.All(world.State.Items, i => Assert.Equal(1, i.WriteCount));
        var logs = world.State.Logs.Select(l => l.Text).ToList();
        Assert.Equal("Starting batch job", logs[0]);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"Successfully PUT item {i} out of 10 into DDB"), logs.Where(l => l.StartsWith("Successfully")));
        Assert.Equal(VerdictStatus.NotTested, world.State.Verdict.Status);
    }

    [Fact]
    public async Task The_experiment_stops_the_task_and_the_improved_task_continues_where_it_stopped()
    {
        var world = new World();
        var (first, experimentId) = await world.LaunchAndInterrupt(TaskKind.Improved, afterItems: 2);

        var stopped = world.State.Tasks.Single(t => t.TaskId == first);
        Assert.Equal("STOPPED", stopped.LastStatus);
        Assert.Equal("UserInitiated", stopped.StopCode);
        Assert.Equal($"Task stopped by AWS FIS (Experiment ID: {experimentId})", stopped.StoppedReason);
        Assert.StartsWith("EXP", experimentId);
        Assert.Equal(["pending", "initiating", "running", "completed"], world.Deltas<ExperimentView>("experiment").Select(e => e.Status).Distinct());
        var experiment = world.State.Experiments.Single();
        Assert.Equal([first], experiment.TargetTaskIds);
        Assert.Equal("completed", experiment.Actions.Single().Status);
        Assert.Equal("aws:ecs:stop-task", experiment.Actions.Single().ActionType);

        var writtenBeforeStop = world.State.Items.Count(i => i.Present);
        Assert.InRange(writtenBeforeStop, 2, 9);
        Assert.Equal(VerdictStatus.InProgress, world.State.Verdict.Status);

        var second = await world.Launch(TaskKind.Improved);
        await world.RunToEnd(second);

        var restarted = world.State.Tasks.Single(t => t.TaskId == second);
        Assert.Equal(writtenBeforeStop, restarted.StartIndex);
        Assert.Contains(world.State.Logs, l => l.TaskId == second && l.Text == $"Continuing at {writtenBeforeStop}");
        Assert.All(world.State.Items, i => Assert.Equal(1, i.WriteCount));
        Assert.Equal(VerdictStatus.Confirmed, world.State.Verdict.Status);
    }

    [Fact]
    public async Task The_baseline_task_starts_again_at_zero_and_the_verdict_is_refuted()
    {
        var world = new World();
        var (first, _) = await world.LaunchAndInterrupt(TaskKind.Baseline, afterItems: 2);
        var writtenBeforeStop = world.State.Items.Count(i => i.Present);

        var second = await world.Launch(TaskKind.Baseline);
        await world.RunToEnd(second);

        Assert.Equal(0, world.State.Tasks.Single(t => t.TaskId == second).StartIndex);
        Assert.All(world.State.Items, i => Assert.True(i.Present));
        Assert.Equal(Enumerable.Range(0, writtenBeforeStop), world.State.Items.Where(i => i.WriteCount == 2).Select(i => i.Index));
        Assert.Equal(VerdictStatus.Refuted, world.State.Verdict.Status);
        Assert.Equal(Enumerable.Range(0, writtenBeforeStop), world.State.Verdict.ItemsWrittenMoreThanOnce);
        Assert.Contains(first, world.State.Items[0].Writes.Select(w => w.TaskId));
    }

    [Fact]
    public async Task An_experiment_with_no_running_task_fails_with_its_reason()
    {
        var world = new World();
        var outcome = await world.Backend.StartExperimentAsync("t", CancellationToken.None);
        await world.Finish(outcome.ResourceId!);

        var experiment = world.State.Experiments.Single();
        Assert.Equal("failed", experiment.Status);
        Assert.Contains("fisTarget=true", experiment.Reason);
    }

    [Fact]
    public async Task A_stopped_experiment_ends_stopped_and_stops_no_task()
    {
        var world = new World(); // the clock stands still until the test moves it: time to stop it while pending
        var taskId = await world.Launch(TaskKind.Improved);
        var started = await world.Backend.StartExperimentAsync("x", CancellationToken.None);
        var stop = await world.Backend.StopExperimentAsync(started.ResourceId!, CancellationToken.None);
        Assert.True(stop.Ok, stop.Message);
        await world.Finish(started.ResourceId!);

        var experiment = world.State.Experiments.Single();
        Assert.Equal("stopped", experiment.Status);
        Assert.Contains("stopping", world.Deltas<ExperimentView>("experiment").Select(e => e.Status));
        Assert.Equal("cancelled", experiment.Actions.Single().Status);
        Assert.Equal("RUNNING", world.State.Tasks.Single().DesiredStatus);
        Assert.False((await world.Backend.StopExperimentAsync(started.ResourceId!, CancellationToken.None)).Ok);
        world.Ecs.StopTask(taskId, "test over");
    }

    [Fact]
    public async Task The_same_client_token_launches_one_task()
    {
        var world = new World();
        var a = await world.Backend.LaunchTaskAsync(TaskKind.Baseline, "same", CancellationToken.None);
        var b = await world.Backend.LaunchTaskAsync(TaskKind.Baseline, "same", CancellationToken.None);
        Assert.Equal(a.ResourceId, b.ResourceId);
        Assert.Single(world.State.Tasks);
        world.Ecs.StopTask(a.ResourceId!, "test over");
        await world.RunToEnd(a.ResourceId!);
    }

    [Fact]
    public async Task A_task_stopped_while_provisioning_never_runs_the_job()
    {
        var world = new World();
        var taskId = await world.Launch(TaskKind.Baseline);
        Assert.True(world.Ecs.StopTask(taskId, "changed my mind"));
        await world.RunToEnd(taskId);

        var task = world.State.Tasks.Single();
        Assert.Equal("STOPPED", task.LastStatus);
        Assert.Null(task.StartedAt);
        Assert.DoesNotContain(world.State.Logs, l => l.TaskId == taskId);
        Assert.All(world.State.Items, i => Assert.False(i.Present));
    }
}
