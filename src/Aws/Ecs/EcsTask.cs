using System.Text.Json.Serialization;

namespace ChaosDashboard.Aws.Ecs;

/// <summary>
/// An ECS task as DescribeTasks, RunTask and StopTask return it. Timestamps are the phases of a
/// task's life: createdAt → pullStartedAt (provisioning, ENI attach) → pullStoppedAt (image pull) →
/// startedAt → stoppingAt → executionStoppedAt → stoppedAt.
/// </summary>
public sealed record EcsTask
{
    public string? TaskArn { get; init; }
    public string? ClusterArn { get; init; }
    public string? TaskDefinitionArn { get; init; }

    /// <summary>"family:&lt;name&gt;" for tasks run directly, "service:&lt;name&gt;" for a service's tasks.</summary>
    public string? Group { get; init; }

    public string? LaunchType { get; init; }

    /// <summary>PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED.</summary>
    public string? LastStatus { get; init; }

    /// <summary>RUNNING or STOPPED: where ECS is taking the task.</summary>
    public string? DesiredStatus { get; init; }

    public string? StartedBy { get; init; }
    public string? Cpu { get; init; }
    public string? Memory { get; init; }
    public string? AvailabilityZone { get; init; }
    public string? PlatformVersion { get; init; }
    public string? HealthStatus { get; init; }
    public string? Connectivity { get; init; }

    /// <summary>TaskFailedToStart, EssentialContainerExited, UserInitiated, ServiceSchedulerInitiated, SpotInterruption, TerminationNotice.</summary>
    public string? StopCode { get; init; }

    /// <summary>E.g. "Task stopped by AWS FIS (Experiment ID: EXP…)".</summary>
    public string? StoppedReason { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? ConnectivityAt { get; init; }
    public DateTimeOffset? PullStartedAt { get; init; }
    public DateTimeOffset? PullStoppedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? StoppingAt { get; init; }
    public DateTimeOffset? ExecutionStoppedAt { get; init; }
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>Grows with each state change of the task.</summary>
    public long? Version { get; init; }

    public IReadOnlyList<EcsContainer> Containers { get; init; } = [];
    public IReadOnlyList<EcsAttachment> Attachments { get; init; } = [];

    /// <summary>Only filled when DescribeTasks asked for TAGS (this library always does).</summary>
    public IReadOnlyList<EcsTag> Tags { get; init; } = [];

    /// <summary>The last part of the ARN; works for the long (…/cluster/id) and old short (…/id) forms.</summary>
    [JsonIgnore]
    public string? TaskId => TaskArn is null ? null : TaskArn[(TaskArn.LastIndexOf('/') + 1)..];

    /// <summary>Subnet of the task's network interface (awsvpc / Fargate), once attached.</summary>
    [JsonIgnore]
    public string? SubnetId => NetworkInterfaceDetail("subnetId");

    [JsonIgnore]
    public string? PrivateIPv4Address => NetworkInterfaceDetail("privateIPv4Address");

    public string? TagValue(string key) => Tags.FirstOrDefault(tag => tag.Key == key)?.Value;

    private string? NetworkInterfaceDetail(string name) =>
        Attachments
            .Where(attachment => attachment.Type == "ElasticNetworkInterface")
            .SelectMany(attachment => attachment.Details)
            .FirstOrDefault(detail => detail.Name == name)?.Value;
}

public sealed record EcsContainer
{
    public string? Name { get; init; }
    public string? ContainerArn { get; init; }
    public string? Image { get; init; }
    public string? ImageDigest { get; init; }
    public string? RuntimeId { get; init; }
    public string? LastStatus { get; init; }

    /// <summary>Set once the container has exited.</summary>
    public int? ExitCode { get; init; }

    public string? Reason { get; init; }
    public string? HealthStatus { get; init; }
}

/// <summary>A resource ECS attached to the task; for Fargate the ElasticNetworkInterface.</summary>
public sealed record EcsAttachment
{
    public string? Id { get; init; }
    public string? Type { get; init; }
    public string? Status { get; init; }

    /// <summary>For a network interface: subnetId, networkInterfaceId, macAddress, privateIPv4Address, …</summary>
    public IReadOnlyList<EcsKeyValue> Details { get; init; } = [];
}

public sealed record EcsKeyValue(string? Name, string? Value);

/// <summary>An ECS resource tag; ECS sends tags as a list of {key, value} (FIS uses a map instead).</summary>
public sealed record EcsTag(string Key, string? Value);

/// <summary>
/// Why ECS could not do what was asked for one resource. RunTask can answer 200 with no task and the
/// cause here (e.g. RESOURCE:ENI); DescribeTasks reports an unknown task with reason MISSING.
/// </summary>
public sealed record EcsFailure(string? Arn, string? Reason, string? Detail)
{
    public const string MissingReason = "MISSING";

    public override string ToString() =>
        string.Join(" ", new[] { Reason, Detail is null ? null : $"({Detail})", Arn is null ? null : $"for {Arn}" }
            .Where(part => part is not null));
}
