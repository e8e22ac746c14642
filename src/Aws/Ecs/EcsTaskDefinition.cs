using System.Text.Json.Serialization;

namespace ChaosDashboard.Aws.Ecs;

/// <summary>The parts of a task definition the dashboard shows or needs (e.g. where its containers log).</summary>
public sealed record EcsTaskDefinition
{
    public string? TaskDefinitionArn { get; init; }
    public string? Family { get; init; }
    public int Revision { get; init; }

    /// <summary>ACTIVE, INACTIVE or DELETE_IN_PROGRESS.</summary>
    public string? Status { get; init; }

    public string? Cpu { get; init; }
    public string? Memory { get; init; }
    public string? NetworkMode { get; init; }
    public string? TaskRoleArn { get; init; }
    public string? ExecutionRoleArn { get; init; }
    public IReadOnlyList<string> RequiresCompatibilities { get; init; } = [];
    public DateTimeOffset? RegisteredAt { get; init; }
    public IReadOnlyList<EcsContainerDefinition> ContainerDefinitions { get; init; } = [];
}

public sealed record EcsContainerDefinition
{
    public string? Name { get; init; }
    public string? Image { get; init; }
    public bool? Essential { get; init; }
    public IReadOnlyList<EcsKeyValue> Environment { get; init; } = [];
    public EcsLogConfiguration? LogConfiguration { get; init; }
}

/// <summary>
/// For the awslogs driver the options name the log group ("awslogs-group") and the stream prefix
/// ("awslogs-stream-prefix"); streams are then named prefix/container/taskId.
/// </summary>
public sealed record EcsLogConfiguration
{
    public string? LogDriver { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();

    [JsonIgnore]
    public string? AwsLogsGroup => Options.GetValueOrDefault("awslogs-group");

    [JsonIgnore]
    public string? AwsLogsStreamPrefix => Options.GetValueOrDefault("awslogs-stream-prefix");
}

public sealed record DescribeTaskDefinitionResult(EcsTaskDefinition TaskDefinition, IReadOnlyList<EcsTag> Tags);
