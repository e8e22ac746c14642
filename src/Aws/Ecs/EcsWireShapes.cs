namespace ChaosDashboard.Aws.Ecs;

// Inputs and outputs exactly as the ECS JSON protocol spells them (see the botocore model
// ecs/2014-11-13). Null members are left out of the request body.

internal sealed record RunTaskInput(
    string? Cluster,
    string TaskDefinition,
    string? LaunchType,
    int? Count,
    NetworkConfigurationInput? NetworkConfiguration,
    IReadOnlyList<EcsTag>? Tags,
    string? PropagateTags,
    string? StartedBy,
    string? ClientToken,
    TaskOverrideInput? Overrides);

internal sealed record NetworkConfigurationInput(AwsVpcConfigurationInput AwsvpcConfiguration);

internal sealed record AwsVpcConfigurationInput(
    IReadOnlyList<string> Subnets,
    IReadOnlyList<string>? SecurityGroups,
    string AssignPublicIp);

internal sealed record TaskOverrideInput(IReadOnlyList<ContainerOverrideInput> ContainerOverrides);

internal sealed record ContainerOverrideInput(string Name, IReadOnlyList<EcsKeyValue> Environment);

internal sealed record DescribeTasksInput(string? Cluster, IReadOnlyList<string> Tasks, IReadOnlyList<string> Include);

internal sealed record ListTasksInput(
    string? Cluster,
    string? Family,
    string? StartedBy,
    string? DesiredStatus,
    string? LaunchType,
    string? NextToken);

internal sealed record StopTaskInput(string? Cluster, string Task, string? Reason);

internal sealed record ListClustersInput(string? NextToken);

internal sealed record DescribeTaskDefinitionInput(string TaskDefinition, IReadOnlyList<string> Include);

internal sealed record ListTaskDefinitionFamiliesInput(string? FamilyPrefix, string? Status, string? NextToken);

internal sealed class TasksAndFailuresOutput
{
    public List<EcsTask> Tasks { get; init; } = [];
    public List<EcsFailure> Failures { get; init; } = [];
}

internal sealed class StopTaskOutput
{
    public EcsTask? Task { get; init; }
}

internal sealed class TaskArnsOutput
{
    public List<string> TaskArns { get; init; } = [];
    public string? NextToken { get; init; }
}

internal sealed class ClusterArnsOutput
{
    public List<string> ClusterArns { get; init; } = [];
    public string? NextToken { get; init; }
}

internal sealed class FamiliesOutput
{
    public List<string> Families { get; init; } = [];
    public string? NextToken { get; init; }
}

internal sealed class DescribeTaskDefinitionOutput
{
    public EcsTaskDefinition? TaskDefinition { get; init; }
    public List<EcsTag> Tags { get; init; } = [];
}
