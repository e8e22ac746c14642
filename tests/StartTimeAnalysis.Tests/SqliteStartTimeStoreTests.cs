using ChaosDashboard.StartTimeAnalysis.Analysis;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimeAnalysis.Storage;

namespace ChaosDashboard.StartTimeAnalysis.Tests;

public sealed class SqliteStartTimeStoreTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"start-times-{Guid.NewGuid():N}", "samples.db");
    private static readonly DateTimeOffset T0 = Fixtures.Utc("2023-03-03T11:00:00Z");

    private static TaskStartSample Task(string id, long version, string family = "socidemo-app", int offsetMinutes = 0) => new()
    {
        TaskArn = $"arn:aws:ecs:us-east-1:111122223333:task/chaos/{id}",
        ClusterArn = Fixtures.ChaosCluster,
        TaskDefinitionArn = $"arn:aws:ecs:us-east-1:111122223333:task-definition/{family}:3",
        Version = version,
        LastStatus = version >= 2 ? "RUNNING" : "PENDING",
        CreatedAt = T0.AddMinutes(offsetMinutes),
        Containers = [new ContainerImage("app", "repo/app:latest", null)],
    };

    [Fact]
    public async Task Samples_survive_closing_and_reopening_the_file()
    {
        await using (SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(_path))
        {
            await store.SaveAsync(Task("t1", 2) with
            {
                PullStartedAt = T0.AddSeconds(7),
                PullStoppedAt = T0.AddSeconds(8.25),
                StartedAt = T0.AddSeconds(9.5),
            });
        }

        await using (SqliteStartTimeStore reopened = await SqliteStartTimeStore.OpenAsync(_path))
        {
            TaskStartSample stored = Assert.Single(await reopened.QueryTasksAsync(StartTimeQuery.All));
            Assert.Equal(Fixtures.TaskArn("t1")[..^32] + "t1", stored.TaskArn);
            Assert.Equal(T0, stored.CreatedAt);
            Assert.Equal(T0.AddSeconds(8.25), stored.PullStoppedAt);
            Assert.Equal(T0.AddSeconds(9.5), stored.StartedAt);
            Assert.Equal("repo/app:latest", Assert.Single(stored.Containers).Image);
            Assert.Equal(9.5, TaskStartRow.From(stored).Total!.Value.TotalSeconds);
        }
    }

    [Fact]
    public async Task The_same_task_seen_twice_is_one_sample_keeping_the_highest_version()
    {
        await using SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(_path);
        await store.SaveAsync(Task("t1", 2) with { StartedAt = T0.AddSeconds(9) });
        await store.SaveAsync(Task("t1", 2) with { StartedAt = T0.AddSeconds(9) });
        // A late, lower version must not roll the task back, but fills what the winner lacked.
        await store.SaveAsync(Task("t1", 1) with { PullStartedAt = T0.AddSeconds(6) });

        Assert.Equal(1, await store.CountAsync());
        TaskStartSample stored = Assert.Single(await store.QueryTasksAsync(StartTimeQuery.All));
        Assert.Equal(2, stored.Version);
        Assert.Equal("RUNNING", stored.LastStatus);
        Assert.Equal(T0.AddSeconds(6), stored.PullStartedAt);
        Assert.Equal(T0.AddSeconds(9), stored.StartedAt);
    }

    [Fact]
    public async Task Queries_filter_by_time_range_family_and_cluster()
    {
        await using SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(_path);
        await store.SaveAsync([
            Task("early", 1, offsetMinutes: 0),
            Task("middle", 1, offsetMinutes: 10),
            Task("late", 1, offsetMinutes: 20),
            Task("other-family", 1, family: "socidemo-app-noindex", offsetMinutes: 10),
        ]);

        var range = await store.QueryTasksAsync(new StartTimeQuery { From = T0.AddMinutes(5), To = T0.AddMinutes(20) });
        Assert.Equal(["middle", "other-family"], range.Select(t => t.TaskId).Order());

        var family = await store.QueryTasksAsync(new StartTimeQuery { Family = "socidemo-app-noindex" });
        Assert.Equal("other-family", Assert.Single(family).TaskId);

        Assert.Empty(await store.QueryTasksAsync(new StartTimeQuery { Family = "socidemo-app", Revision = 4 }));
        Assert.Equal(3, (await store.QueryTasksAsync(new StartTimeQuery { Family = "socidemo-app", Revision = 3 })).Count);
        Assert.Equal(4, (await store.QueryTasksAsync(new StartTimeQuery { Cluster = Fixtures.ChaosCluster })).Count);
        Assert.Empty(await store.QueryTasksAsync(new StartTimeQuery { Cluster = "other" }));

        var report = await store.QueryReportAsync(new StartTimeQuery { Family = "socidemo-app" });
        Assert.Equal(3, report.Tasks.Count);
        Assert.Equal(3, Assert.Single(report.Groups).NotStarted);
    }

    [Fact]
    public async Task Fixture_events_saved_then_read_back_give_the_same_rows()
    {
        var (merger, _) = await Fixtures.ReadAsync("chaos", "events.jsonl");
        await using SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(_path);
        await store.SaveAsync(merger.Tasks);
        // Saving every task a second time changes nothing.
        await store.SaveAsync(merger.Tasks);

        var stored = await store.QueryReportAsync(StartTimeQuery.All);
        var inMemory = StartTimeReport.Build(merger.Tasks);

        Assert.Equal(8, await store.CountAsync());
        Assert.Equal(inMemory.Tasks, stored.Tasks);
    }

    [Fact]
    public async Task A_sample_fed_directly_with_finer_times_reads_the_same_from_memory_and_from_the_store()
    {
        TaskStartSample watched = Task("watched", 3) with
        {
            CreatedAt = T0.AddTicks(1_234),                       // 0.1234 ms
            StartedAt = T0.AddSeconds(9).AddTicks(9_999),         // 9.0009999 s
        };
        await using SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(_path);
        await store.SaveAsync(watched);

        TaskStartRow fromStore = Assert.Single((await store.QueryReportAsync(StartTimeQuery.All)).Tasks);
        TaskStartRow fromMemory = TaskStartRow.From(watched);

        Assert.Equal(fromMemory, fromStore);
        Assert.Equal(T0, fromStore.CreatedAt);
        Assert.Equal(TimeSpan.FromSeconds(9), fromStore.Total);
    }

    [Fact]
    public async Task A_sample_without_a_task_arn_is_refused_before_anything_is_written()
    {
        await using SqliteStartTimeStore store = await SqliteStartTimeStore.OpenAsync(_path);

        await Assert.ThrowsAsync<ArgumentException>(() => store.SaveAsync([Task("ok", 1), Task("x", 1) with { TaskArn = " " }]));
        Assert.Equal(0, await store.CountAsync());
    }

    public void Dispose()
    {
        string directory = Path.GetDirectoryName(_path)!;
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
