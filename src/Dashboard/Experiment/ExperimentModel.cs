using System.Text.Json.Serialization;
using ChaosDashboard.StartTimeAnalysis.Events;

namespace ChaosDashboard.Experiment;

/// <summary>Which of the workshop's two task definitions a task runs.</summary>
public enum TaskKind
{
    /// <summary>FisStopTaskStackTaskDef: starts at 0 on every run.</summary>
    Baseline,

    /// <summary>FisStopTaskImproved…: continues where the last run stopped.</summary>
    Improved,
}

/// <summary>ECS's task lifecycle, in order. A task may skip states when it is stopped early.</summary>
public static class TaskLifecycle
{
    public static readonly IReadOnlyList<string> States =
        ["PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"];

    public static int IndexOf(string? status) => status is null ? -1 : States.ToList().IndexOf(status);

    public static bool IsStopped(string? status) => status == "STOPPED";
}

/// <summary>
/// A task as the page shows it: its lifecycle, the times it entered each state, and why it stopped.
/// ECS's own times of the task (<see cref="TaskTimes"/>) are null until ECS has given them.
/// </summary>
public sealed record TaskView : TaskTimes
{
    public TaskView() { }

    /// <summary>A task with the times of another record (the rest is set by the caller).</summary>
    public TaskView(TaskTimes times) : base(times) { }

    public required string TaskId { get; init; }
    public required string TaskArn { get; init; }
    public required TaskKind Kind { get; init; }
    public required string TaskDefinition { get; init; }
    public required string LastStatus { get; init; }
    public string DesiredStatus { get; init; } = "RUNNING";

    /// <summary>When the task was first seen in each lifecycle state (state name → time).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> StateTimes { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>When the task began as far as anyone knows: ECS's createdAt, else the first state it was seen in.</summary>
    [JsonIgnore]
    public DateTimeOffset? Began => CreatedAt ?? (StateTimes.Count > 0 ? StateTimes.Values.Min() : null);

    public string? StopCode { get; init; }
    public string? StoppedReason { get; init; }
    public int? ExitCode { get; init; }

    /// <summary>The table's trial this task belongs to: clearing the table starts a new trial.</summary>
    public int Trial { get; init; }

    /// <summary>Where the run starts: the batch job's structured "start" line, or the workshop image's "Continuing at K".</summary>
    public int? StartIndex { get; init; }
}

public sealed record ActionView(string Name, string ActionType, string Status, string? Reason, DateTimeOffset? StartTime, DateTimeOffset? EndTime);

/// <summary>An FIS experiment and its one action, as the page shows them.</summary>
public sealed record ExperimentView
{
    public required string ExperimentId { get; init; }
    public required string TemplateId { get; init; }
    public required string Status { get; init; }
    public string? Reason { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public IReadOnlyList<ActionView> Actions { get; init; } = [];
    public IReadOnlyList<string> TargetTaskIds { get; init; } = [];
    public int Trial { get; init; }

    public static bool IsFinal(string status) => status is "completed" or "stopped" or "failed" or "cancelled";
}

/// <summary>One observed write of an item: who wrote it and when.</summary>
public sealed record ItemWriteView(string TaskId, DateTimeOffset At);

/// <summary>One of the batch's items as the table shows it.</summary>
public sealed record ItemView
{
    public required int Index { get; init; }
    public IReadOnlyList<ItemWriteView> Writes { get; init; } = [];

    /// <summary>Times the item was written; the table's own count where it keeps one.</summary>
    public int WriteCount { get; init; }

    public bool Present => WriteCount > 0;
    public string State => WriteCount switch { 0 => "missing", 1 => "once", _ => "again" };
}

/// <summary>One item as a read of the table shows it; what the table does not keep is null.</summary>
public sealed record TableItemObservation(int Index, string? WrittenBy, DateTimeOffset? WrittenAt, int? Writes);

public sealed record LogLineView(long Number, DateTimeOffset At, string TaskId, string Text);

/// <summary>The whole live state, as a browser receives it when it joins.</summary>
public sealed record Snapshot
{
    public required long Seq { get; init; }
    public required string Mode { get; init; }
    public required int BatchSize { get; init; }
    public required int Trial { get; init; }
    public required DateTimeOffset TrialStartedAt { get; init; }
    public required IReadOnlyList<TaskView> Tasks { get; init; }
    public required IReadOnlyList<ExperimentView> Experiments { get; init; }
    public required IReadOnlyList<ItemView> Items { get; init; }
    public required IReadOnlyList<LogLineView> Logs { get; init; }
    public required Verdict Verdict { get; init; }
    public required SettingsView Settings { get; init; }
    public required IReadOnlyList<ProblemView> Problems { get; init; }
}

/// <summary>Something that keeps the page from being complete, with what to do about it.</summary>
public sealed record ProblemView(string Source, string Message);

/// <summary>What the page says about where it acts (sandbox or an AWS account) and with which resources.</summary>
public sealed record SettingsView(string Mode, string Where, string Cluster, string BaselineTaskDefinition, string ImprovedTaskDefinition,
    string Table, string ExperimentTemplate, double ItemIntervalSeconds, IReadOnlyList<string> Warnings);
