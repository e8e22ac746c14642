using ChaosDashboard.Aws.Protocol;
using ChaosDashboard.Aws.Signing;

namespace ChaosDashboard.Aws.Ecs;

/// <summary>
/// Amazon ECS over its JSON API (awsJson 1.1, target prefix AmazonEC2ContainerServiceV20141113).
/// Only the calls the dashboard needs: run, watch and stop tasks, and look up what can be run.
/// </summary>
public sealed class EcsClient : IDisposable
{
    public const string TargetPrefix = "AmazonEC2ContainerServiceV20141113";

    /// <summary>DescribeTasks accepts at most this many tasks per call.</summary>
    public const int DescribeTasksBatchSize = 100;

    private readonly AwsJsonRpcClient _rpc;

    /// <summary>Takes ownership of <paramref name="channel"/>.</summary>
    public EcsClient(SignedHttpChannel channel) => _rpc = new AwsJsonRpcClient(channel, TargetPrefix);

    public static EcsClient Create(AwsSettings settings, HttpMessageHandler? transport = null) =>
        new(SignedHttpChannel.Create(settings, AwsService.Ecs, transport));

    /// <summary>
    /// Starts tasks. ECS may answer without a task and explain why in <see cref="RunTaskResult.Failures"/>
    /// (e.g. no free IP in the subnet): callers must look at both.
    /// </summary>
    public async Task<RunTaskResult> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken = default)
    {
        request.Validate();
        var input = new RunTaskInput(
            request.Cluster,
            request.TaskDefinition,
            request.LaunchType,
            request.Count,
            request.Subnets.Count == 0
                ? null
                : new NetworkConfigurationInput(new AwsVpcConfigurationInput(
                    request.Subnets,
                    request.SecurityGroups.Count == 0 ? null : request.SecurityGroups,
                    request.AssignPublicIp ? "ENABLED" : "DISABLED")),
            request.Tags.Count == 0 ? null : request.Tags.Select(tag => new EcsTag(tag.Key, tag.Value)).ToList(),
            request.PropagateTags,
            request.StartedBy,
            request.ClientToken ?? Guid.NewGuid().ToString("N"),
            request.ContainerEnvironment.Count == 0
                ? null
                : new TaskOverrideInput(request.ContainerEnvironment
                    .Select(container => new ContainerOverrideInput(
                        container.Key,
                        container.Value.Select(variable => new EcsKeyValue(variable.Key, variable.Value)).ToList()))
                    .ToList()));

        var output = await _rpc.InvokeAsync<RunTaskInput, TasksAndFailuresOutput>("RunTask", input, cancellationToken)
            .ConfigureAwait(false);
        return new RunTaskResult(output.Tasks, output.Failures);
    }

    /// <summary>
    /// Current state of tasks, tags included, in calls of up to 100. Unknown or expired tasks (ECS
    /// keeps stopped ones about an hour) come back as failures with reason MISSING.
    /// </summary>
    public async Task<DescribeTasksResult> DescribeTasksAsync(
        string? cluster, IEnumerable<string> tasks, CancellationToken cancellationToken = default)
    {
        var allTasks = new List<EcsTask>();
        var allFailures = new List<EcsFailure>();
        foreach (var batch in tasks.Distinct().Chunk(DescribeTasksBatchSize))
        {
            var output = await _rpc.InvokeAsync<DescribeTasksInput, TasksAndFailuresOutput>(
                "DescribeTasks", new DescribeTasksInput(cluster, batch, ["TAGS"]), cancellationToken).ConfigureAwait(false);
            allTasks.AddRange(output.Tasks);
            allFailures.AddRange(output.Failures);
        }

        return new DescribeTasksResult(allTasks, allFailures);
    }

    /// <summary>ARNs of the tasks matching the filters, all pages.</summary>
    public Task<List<string>> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default)
    {
        request.Validate();
        return Pagination.CollectAsync<string>(async (token, ct) =>
        {
            var output = await _rpc.InvokeAsync<ListTasksInput, TaskArnsOutput>(
                "ListTasks",
                new ListTasksInput(request.Cluster, request.Family, request.StartedBy, request.DesiredStatus, request.LaunchType, token),
                ct).ConfigureAwait(false);
            return (output.TaskArns, output.NextToken);
        }, cancellationToken);
    }

    /// <summary>
    /// Asks ECS to stop a task; the reason shows as its stoppedReason. ECS removes the task's tags
    /// when it stops, so read them before if they matter.
    /// </summary>
    public async Task<EcsTask?> StopTaskAsync(
        string? cluster, string task, string? reason, CancellationToken cancellationToken = default)
    {
        var output = await _rpc.InvokeAsync<StopTaskInput, StopTaskOutput>(
            "StopTask", new StopTaskInput(cluster, task, reason), cancellationToken).ConfigureAwait(false);
        return output.Task;
    }

    /// <summary>ARNs of every cluster in the region, all pages.</summary>
    public Task<List<string>> ListClustersAsync(CancellationToken cancellationToken = default) =>
        Pagination.CollectAsync<string>(async (token, ct) =>
        {
            var output = await _rpc.InvokeAsync<ListClustersInput, ClusterArnsOutput>(
                "ListClusters", new ListClustersInput(token), ct).ConfigureAwait(false);
            return (output.ClusterArns, output.NextToken);
        }, cancellationToken);

    /// <param name="taskDefinition">family (latest ACTIVE revision), family:revision, or ARN.</param>
    public async Task<DescribeTaskDefinitionResult> DescribeTaskDefinitionAsync(
        string taskDefinition, CancellationToken cancellationToken = default)
    {
        var output = await _rpc.InvokeAsync<DescribeTaskDefinitionInput, DescribeTaskDefinitionOutput>(
            "DescribeTaskDefinition", new DescribeTaskDefinitionInput(taskDefinition, ["TAGS"]), cancellationToken)
            .ConfigureAwait(false);
        return new DescribeTaskDefinitionResult(output.TaskDefinition ?? new EcsTaskDefinition(), output.Tags);
    }

    /// <summary>Task definition family names, all pages.</summary>
    /// <param name="familyPrefix">Only families starting with this, e.g. "FisStopTask".</param>
    /// <param name="status">ACTIVE (default), INACTIVE or ALL.</param>
    public Task<List<string>> ListTaskDefinitionFamiliesAsync(
        string? familyPrefix = null, string? status = "ACTIVE", CancellationToken cancellationToken = default) =>
        Pagination.CollectAsync<string>(async (token, ct) =>
        {
            var output = await _rpc.InvokeAsync<ListTaskDefinitionFamiliesInput, FamiliesOutput>(
                "ListTaskDefinitionFamilies", new ListTaskDefinitionFamiliesInput(familyPrefix, status, token), ct)
                .ConfigureAwait(false);
            return (output.Families, output.NextToken);
        }, cancellationToken);

    public void Dispose() => _rpc.Channel.Dispose();
}

/// <summary>Tasks started and, for those not started, why. Both can be non-empty when Count &gt; 1.</summary>
public sealed record RunTaskResult(IReadOnlyList<EcsTask> Tasks, IReadOnlyList<EcsFailure> Failures);

public sealed record DescribeTasksResult(IReadOnlyList<EcsTask> Tasks, IReadOnlyList<EcsFailure> Failures)
{
    /// <summary>Tasks ECS does not know (any more).</summary>
    public IEnumerable<string> MissingTasks =>
        Failures.Where(failure => failure.Reason == EcsFailure.MissingReason && failure.Arn is not null).Select(failure => failure.Arn!);
}
