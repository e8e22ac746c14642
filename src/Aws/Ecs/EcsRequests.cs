using System.Text.RegularExpressions;

namespace ChaosDashboard.Aws.Ecs;

/// <summary>What to run: one or a few Fargate tasks of a task definition in given subnets.</summary>
public sealed partial record RunTaskRequest
{
    /// <summary>Cluster name or ARN; null means the account's "default" cluster.</summary>
    public string? Cluster { get; init; }

    /// <summary>family, family:revision, or the full task definition ARN.</summary>
    public required string TaskDefinition { get; init; }

    public string LaunchType { get; init; } = "FARGATE";

    /// <summary>1 to 10 tasks.</summary>
    public int Count { get; init; } = 1;

    /// <summary>Subnets of the awsvpc network interface; required for Fargate.</summary>
    public IReadOnlyList<string> Subnets { get; init; } = [];

    public IReadOnlyList<string> SecurityGroups { get; init; } = [];

    /// <summary>False for private subnets that reach ECR and CloudWatch through NAT or endpoints.</summary>
    public bool AssignPublicIp { get; init; }

    /// <summary>Tags of the task itself, e.g. fisTarget=true for the FIS experiment to find it.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>TASK_DEFINITION or NONE (SERVICE is rejected by RunTask).</summary>
    public string? PropagateTags { get; init; }

    /// <summary>Up to 128 of letters, digits, '-', '/', '_'; ListTasks can filter on it.</summary>
    public string? StartedBy { get; init; }

    /// <summary>
    /// Up to 64 printable ASCII characters; the same token within about 24 hours returns the tasks of
    /// the first call instead of starting new ones. When null, one is generated per call so retries
    /// after a timeout cannot start a second task.
    /// </summary>
    public string? ClientToken { get; init; }

    /// <summary>Environment variables to set per container name, on top of the task definition's.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ContainerEnvironment { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>Throws ArgumentException for values ECS would reject, with a message that says which.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(TaskDefinition))
        {
            throw new ArgumentException("A task definition is required.", nameof(TaskDefinition));
        }

        if (Count is < 1 or > 10)
        {
            throw new ArgumentException($"RunTask starts 1 to 10 tasks, not {Count}.", nameof(Count));
        }

        if (StartedBy is not null && !StartedByPattern().IsMatch(StartedBy))
        {
            throw new ArgumentException(
                "startedBy takes up to 128 letters, digits, '-', '/' and '_'.", nameof(StartedBy));
        }

        if (ClientToken is not null && !ClientTokenPattern().IsMatch(ClientToken))
        {
            throw new ArgumentException("clientToken takes 1 to 64 printable ASCII characters.", nameof(ClientToken));
        }

        if (PropagateTags is not null and not ("TASK_DEFINITION" or "NONE"))
        {
            throw new ArgumentException("RunTask propagates tags from TASK_DEFINITION or NONE.", nameof(PropagateTags));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9/_-]{1,128}$")]
    private static partial Regex StartedByPattern();

    [GeneratedRegex("^[\\x20-\\x7E]{1,64}$")]
    private static partial Regex ClientTokenPattern();
}

/// <summary>Filters of ListTasks. ECS accepts startedBy only as the sole filter besides cluster and status.</summary>
public sealed record ListTasksRequest
{
    public string? Cluster { get; init; }
    public string? Family { get; init; }
    public string? StartedBy { get; init; }

    /// <summary>RUNNING (ECS's default when null), PENDING or STOPPED; stopped tasks stay listed about an hour.</summary>
    public string? DesiredStatus { get; init; }

    public string? LaunchType { get; init; }

    public void Validate()
    {
        if (StartedBy is not null && Family is not null)
        {
            throw new ArgumentException("ListTasks cannot filter on startedBy and family together.", nameof(StartedBy));
        }
    }
}
