using System.Globalization;
using ChaosDashboard.StartTimeAnalysis.Events;
using ChaosDashboard.StartTimes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChaosDashboard.Tests.StartTimes;

/// <summary>A folder of its own for one test's database, removed afterwards.</summary>
sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("chaos-start-times-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        // Pooled connections keep the file open; let go of them before deleting.
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Samples and events with hand-picked times, so every expected figure can be worked out on paper.</summary>
static class StartTimeTestData
{
    public const string Account = "123456789012";

    public static DateTimeOffset At(string time) =>
        DateTimeOffset.Parse("2026-05-04T" + time + "Z", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);

    public static string Arn(string taskId, string cluster = "chaos") => $"arn:aws:ecs:us-east-1:{Account}:task/{cluster}/{taskId}";

    public static TaskStartSample Sample(string taskId, string definition, string created, string? pullStarted, string? pullStopped, string? started,
        string status = "RUNNING", long version = 3, string? stopCode = null) => new()
        {
            TaskArn = Arn(taskId),
            ClusterArn = $"arn:aws:ecs:us-east-1:{Account}:cluster/chaos",
            TaskDefinitionArn = $"arn:aws:ecs:us-east-1:{Account}:task-definition/{definition}",
            LastStatus = status,
            DesiredStatus = status == "STOPPED" ? "STOPPED" : "RUNNING",
            Version = version,
            CreatedAt = At(created),
            PullStartedAt = pullStarted is null ? null : At(pullStarted),
            PullStoppedAt = pullStopped is null ? null : At(pullStopped),
            StartedAt = started is null ? null : At(started),
            StopCode = stopCode,
        };

    /// <summary>
    /// Four tasks: alpha:1 starting in 6.5 s and 8 s, beta:2 in 12 s, and an alpha:1 task that never started.
    /// Phases (provisioning, image pull, container start): t1 5/1/0.5, t2 4/3/1, t3 10/1.5/0.5, t4 6/–/–.
    /// </summary>
    public static IReadOnlyList<TaskStartSample> FourTasks() =>
    [
        Sample("t1", "alpha:1", "10:00:00", "10:00:05", "10:00:06", "10:00:06.500"),
        Sample("t2", "alpha:1", "10:01:00", "10:01:04", "10:01:07", "10:01:08"),
        Sample("t3", "beta:2", "10:02:00", "10:02:10", "10:02:11.500", "10:02:12"),
        Sample("t4", "alpha:1", "10:03:00", "10:03:06", null, null, status: "STOPPED", version: 4, stopCode: "TaskFailedToStart"),
    ];

    /// <summary>One ECS Task State Change event as EventBridge delivers it, on one line.</summary>
    public static string Event(string taskId, string definition, string status, long version, string created,
        string? pullStarted = null, string? pullStopped = null, string? started = null, string? stopped = null, string? stopCode = null, string cluster = "chaos")
    {
        static string Field(string name, string? time) => time is null ? "" : $",\"{name}\":\"2026-05-04T{time}Z\"";
        var stop = stopCode is null ? "" : $",\"stopCode\":\"{stopCode}\",\"stoppedReason\":\"CannotPullContainerError\"";
        return "{\"version\":\"0\",\"id\":\"" + Guid.NewGuid() + "\",\"detail-type\":\"ECS Task State Change\",\"source\":\"aws.ecs\","
            + $"\"account\":\"{Account}\",\"time\":\"2026-05-04T{created}Z\",\"region\":\"us-east-1\",\"resources\":[\"{Arn(taskId, cluster)}\"],"
            + $"\"detail\":{{\"clusterArn\":\"arn:aws:ecs:us-east-1:{Account}:cluster/{cluster}\",\"taskArn\":\"{Arn(taskId, cluster)}\","
            + $"\"taskDefinitionArn\":\"arn:aws:ecs:us-east-1:{Account}:task-definition/{definition}\",\"group\":\"family:{definition.Split(':')[0]}\","
            + $"\"lastStatus\":\"{status}\",\"desiredStatus\":\"{(status == "STOPPED" ? "STOPPED" : "RUNNING")}\",\"launchType\":\"FARGATE\",\"version\":{version}"
            + Field("createdAt", created) + Field("pullStartedAt", pullStarted) + Field("pullStoppedAt", pullStopped)
            + Field("startedAt", started) + Field("stoppedAt", stopped) + stop + ",\"containers\":[]}}";
    }

    public static StartTimeOptions Options(string database, int seedPerFamily = 0) => new()
    {
        Database = database,
        SandboxSeedTasksPerFamily = seedPerFamily,
    };

    public static StartTimeBoard Board(string database, bool seedSandbox = false, int seedPerFamily = 12) =>
        new(Options(database, seedPerFamily), seedSandbox, NullLogger<StartTimeBoard>.Instance);
}
