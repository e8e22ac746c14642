using ChaosDashboard.Experiment;
using ChaosDashboard.Live;
using ChaosDashboard.StartTime.Storage;
using ChaosDashboard.StartTimes;
using Microsoft.Extensions.Logging.Abstractions;
using static ChaosDashboard.Tests.Builders;
using static ChaosDashboard.Tests.StartTimes.StartTimeTestData;

namespace ChaosDashboard.Tests.StartTimes;

/// <summary>The tasks the dashboard watches become start-time samples as soon as their start is known.</summary>
public class WatchedTaskFeedTests
{
    static TaskView Started(string id, double createdSeconds, string status = "RUNNING", TaskKind kind = TaskKind.Improved) =>
        Builders.Task(id, kind, status, createdSeconds) with
        {
            TaskDefinition = "FisStopTaskImprovedTaskDef:1",
            PullStartedAt = T0.AddSeconds(createdSeconds + 10),
            PullStoppedAt = T0.AddSeconds(createdSeconds + 14),
            StartedAt = T0.AddSeconds(createdSeconds + 15.25),
        };

    static async Task<IReadOnlyList<ChaosDashboard.StartTime.Events.TaskStartSample>> Stored(StartTimeBoard board) =>
        await board.QueryAsync(StartTimeQuery.All, default);

    [Fact]
    public async Task A_started_task_seen_many_times_is_one_row_and_one_that_stopped_without_starting_is_listed_as_not_started()
    {
        using var folder = new TempFolder();
        await using var board = Board(folder.File("st.db"));
        var live = new LiveExperiment(10, Settings());
        var feed = new WatchedTaskFeed(live, board, new StartTimeModeSources(SeedGeneratedSamples: false, WatchedTasksRunInSimulatedTime: false), NullLogger<WatchedTaskFeed>.Instance, TimeProvider.System);
        await feed.StartAsync(default);
        try
        {
            live.ObserveTask(Builders.Task("a", TaskKind.Improved, "PROVISIONING"));
            live.ObserveTask(Started("a", 0));
            live.ObserveTask(Started("a", 0) with { StartIndex = 3 });
            live.ObserveTask(Started("a", 0, "STOPPED") with { StopCode = "EssentialContainerExited", StoppedAt = T0.AddSeconds(300) });
            live.ObserveTask(Builders.Task("b", TaskKind.Baseline, "STOPPED", 400, "TaskFailedToStart", "CannotPullContainerError") with { TaskDefinition = "FisStopTaskStackTaskDef:1" });
            // Still on its way up: not a sample yet, so it cannot be counted as a task that failed to start.
            live.ObserveTask(Builders.Task("c", TaskKind.Baseline, "PENDING", 500));
            live.ObserveTask(Started("d", 600));

            await Eventually.Until(async () => (await Stored(board)).Any(t => t.TaskId == "d"), "task d saved");
            var stored = await Stored(board);
            Assert.Equal(["a", "b", "d"], stored.Select(t => t.TaskId));

            var a = StartTimeRowView.From(stored[0]);
            Assert.Equal("FisStopTaskImprovedTaskDef:1", a.Group);
            Assert.Equal("STOPPED", a.LastStatus);
            Assert.Equal(15.25, a.Total);
            Assert.Equal(10, a.Provisioning);
            Assert.Equal(4, a.ImagePull);
            Assert.Equal(1.25, a.ContainerStart);

            var b = StartTimeRowView.From(stored[1]);
            Assert.False(b.Started);
            Assert.Null(b.Total);
            Assert.Equal("FisStopTaskStackTaskDef", b.Family);
            Assert.Equal("TaskFailedToStart", b.StopCode);
        }
        finally
        {
            await feed.StopAsync(default);
        }
    }

    [Fact]
    public async Task A_feed_cut_off_for_falling_behind_resumes_and_misses_no_task()
    {
        using var folder = new TempFolder();
        await using var board = Board(folder.File("st.db"));
        await board.SamplesAsync();
        // A tiny queue and history: observing tasks faster than the feed saves them cuts it off.
        var live = new LiveExperiment(10, Settings(), feed: new LiveFeed(historyCapacity: 2, subscriberCapacity: 2));
        var feed = new WatchedTaskFeed(live, board, new StartTimeModeSources(SeedGeneratedSamples: false, WatchedTasksRunInSimulatedTime: false), NullLogger<WatchedTaskFeed>.Instance, TimeProvider.System);
        await feed.StartAsync(default);
        try
        {
            var ids = Enumerable.Range(0, 30).Select(i => $"task{i:00}").ToList();
            foreach (var (id, i) in ids.Select((id, i) => (id, i))) live.ObserveTask(Started(id, i * 60));

            await Eventually.Until(async () => (await Stored(board)).Count == ids.Count, "all 30 tasks saved");
            Assert.Equal(ids, (await Stored(board)).Select(t => t.TaskId));
        }
        finally
        {
            await feed.StopAsync(default);
        }
    }
}
