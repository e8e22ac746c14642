using System.Text.Json.Serialization;

namespace ChaosDashboard.Aws.Fis;

/// <summary>An experiment run, as StartExperiment, GetExperiment and StopExperiment return it.</summary>
public sealed record FisExperiment
{
    /// <summary>"EXP…"; ECS names it in the stopped reason of the tasks it stops.</summary>
    public string? Id { get; init; }

    public string? Arn { get; init; }
    public string? ExperimentTemplateId { get; init; }
    public string? RoleArn { get; init; }
    public FisExperimentState State { get; init; } = new();

    /// <summary>Keyed by the action's name in the template, e.g. "StopECSTask".</summary>
    public IReadOnlyDictionary<string, FisExperimentAction> Actions { get; init; } =
        new Dictionary<string, FisExperimentAction>();

    /// <summary>Keyed by the target's name in the template.</summary>
    public IReadOnlyDictionary<string, FisExperimentTarget> Targets { get; init; } =
        new Dictionary<string, FisExperimentTarget>();

    public DateTimeOffset? CreationTime { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

public sealed record FisExperimentState
{
    /// <summary>One of <see cref="FisExperimentStatus"/>.</summary>
    public string? Status { get; init; }

    public string? Reason { get; init; }

    /// <summary>Set when the experiment failed.</summary>
    public FisExperimentError? Error { get; init; }

    /// <summary>True once the experiment will not change any more.</summary>
    [JsonIgnore]
    public bool IsFinal => FisExperimentStatus.IsFinal(Status);
}

public sealed record FisExperimentError(string? AccountId, string? Code, string? Location);

public sealed record FisExperimentAction
{
    /// <summary>E.g. "aws:ecs:stop-task".</summary>
    public string? ActionId { get; init; }

    public string? Description { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Targets { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<string> StartAfter { get; init; } = [];

    /// <summary>Status: the experiment statuses plus "skipped".</summary>
    public FisActionState State { get; init; } = new(null, null);

    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? EndTime { get; init; }
}

public sealed record FisActionState(string? Status, string? Reason);

public sealed record FisExperimentTarget
{
    /// <summary>E.g. "aws:ecs:task".</summary>
    public string? ResourceType { get; init; }

    public IReadOnlyList<string> ResourceArns { get; init; } = [];

    /// <summary>E.g. fisTarget=true.</summary>
    public IReadOnlyDictionary<string, string> ResourceTags { get; init; } = new Dictionary<string, string>();

    /// <summary>ALL, COUNT(n), PERCENT(n).</summary>
    public string? SelectionMode { get; init; }
}

/// <summary>An experiment as ListExperiments returns it.</summary>
public sealed record FisExperimentSummary
{
    public string? Id { get; init; }
    public string? Arn { get; init; }
    public string? ExperimentTemplateId { get; init; }
    public FisExperimentState State { get; init; } = new();
    public DateTimeOffset? CreationTime { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

/// <summary>The resource an experiment's target resolved to, e.g. the ARN of the task it stopped.</summary>
public sealed record FisResolvedTarget
{
    public string? ResourceType { get; init; }
    public string? TargetName { get; init; }

    /// <summary>E.g. "arn" → the task's ARN.</summary>
    public IReadOnlyDictionary<string, string> TargetInformation { get; init; } = new Dictionary<string, string>();
}

/// <summary>The states FIS documents for an experiment.</summary>
public static class FisExperimentStatus
{
    public const string Pending = "pending";
    public const string Initiating = "initiating";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Only actions can be skipped.</summary>
    public const string Skipped = "skipped";

    public static bool IsFinal(string? status) =>
        status is Completed or Stopped or Failed or Cancelled;
}
