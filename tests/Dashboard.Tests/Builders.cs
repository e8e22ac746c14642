using ChaosDashboard.Experiment;

namespace ChaosDashboard.Tests;

/// <summary>Small makers of the live model's records, so each test states only what it is about.</summary>
static class Builders
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    public static SettingsView Settings() => new("sandbox", "test", "c", "b", "i", "t", "x", 1, []);

    public static TaskView Task(string id, TaskKind kind = TaskKind.Baseline, string status = "RUNNING", double createdSeconds = 0,
        string? stopCode = null, string? reason = null, double? stoppedSeconds = null, string desired = "RUNNING") => new()
        {
            TaskId = id,
            TaskArn = $"arn:aws:ecs:us-east-1:123456789012:task/c/{id}",
            Kind = kind,
            TaskDefinition = "def:1",
            LastStatus = status,
            DesiredStatus = stopCode is null ? desired : "STOPPED",
            CreatedAt = T0.AddSeconds(createdSeconds),
            StopCode = stopCode,
            StoppedReason = reason,
            StoppingAt = stoppedSeconds is { } s ? T0.AddSeconds(s) : null,
            StoppedAt = stoppedSeconds is { } s2 ? T0.AddSeconds(s2 + 1) : null,
        };

    public static TaskView Interrupted(string id, double created, double stopped, TaskKind kind = TaskKind.Baseline) =>
        Task(id, kind, "STOPPED", created, "UserInitiated", "Task stopped by AWS FIS (Experiment ID: EXP1)", stopped);

    public static TaskView Finished(string id, double created, double stopped, TaskKind kind = TaskKind.Baseline) =>
        Task(id, kind, "STOPPED", created, VerdictCalculator.FinishedStopCode, "Essential container in task exited", stopped);

    /// <summary>Items of a batch from (index, task, second) writes.</summary>
    public static List<ItemView> Items(int batchSize, params (int Index, string Task, double At)[] writes) =>
        Enumerable.Range(0, batchSize).Select(i =>
        {
            var own = writes.Where(w => w.Index == i).Select(w => new ItemWriteView(w.Task, T0.AddSeconds(w.At))).ToList();
            return new ItemView { Index = i, Writes = own, WriteCount = own.Count };
        }).ToList();
}
