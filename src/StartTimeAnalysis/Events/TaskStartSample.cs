namespace ChaosDashboard.StartTimeAnalysis.Events;

/// <summary>
/// What one observation says about an ECS task's start: the <c>detail</c> of an
/// "ECS Task State Change" event, or one task of a DescribeTasks answer (same fields).
/// Every field but <see cref="TaskArn"/> may be missing; timestamps are UTC, to the millisecond.
/// </summary>
public sealed record TaskStartSample : TaskTimes
{
    public TaskStartSample() { }

    /// <summary>A sample with the times of another record (the rest is set by the caller).</summary>
    public TaskStartSample(TaskTimes times) : base(times) { }

    public required string TaskArn { get; init; }
    public string? ClusterArn { get; init; }
    public string? TaskDefinitionArn { get; init; }
    /// <summary><c>family:&lt;name&gt;</c> or <c>service:&lt;name&gt;</c>.</summary>
    public string? Group { get; init; }
    public string? LastStatus { get; init; }
    public string? DesiredStatus { get; init; }
    public string? LaunchType { get; init; }
    /// <summary>Grows with each state change; the highest one is the task's latest state.</summary>
    public long? Version { get; init; }
    public string? StopCode { get; init; }
    public string? StoppedReason { get; init; }
    public IReadOnlyList<ContainerImage> Containers { get; init; } = [];

    /// <summary>The last part of the task ARN, in both the long and the short ARN form.</summary>
    public string TaskId => EcsArns.TaskId(TaskArn);

    /// <summary>Family and revision, from the task definition ARN or else from <see cref="Group"/>.</summary>
    public TaskDefinitionName TaskDefinition => TaskDefinitionName.From(TaskDefinitionArn, Group);

    /// <summary>The same sample with its times cut to the millisecond, as the store keeps them.</summary>
    public TaskStartSample WithTimesToTheMillisecond() => (TaskStartSample)ToMilliseconds();
}

/// <summary>A container of the task and the image it runs.</summary>
public sealed record ContainerImage(string? Name, string? Image, string? ImageDigest);
