using ChaosDashboard.Aws;
using ChaosDashboard.Aws.Ecs;
using ChaosDashboard.Aws.Errors;
using ChaosDashboard.Experiment;

namespace ChaosDashboard.AwsMode;

/// <summary>The workshop's actions on a real AWS account.</summary>
public sealed class AwsBackend(AwsClients aws, AwsWorkshop workshop, AwsModeOptions options, LiveExperiment live, TimeProvider time) : IWorkshopBackend
{
    public Task<ActionOutcome> LaunchTaskAsync(TaskKind kind, string clientToken, CancellationToken ct) => Act(async resources =>
    {
        if (!resources.CanLaunch) return ActionOutcome.Failed("Cannot launch yet: " + string.Join(" ", resources.Problems));
        var family = kind == TaskKind.Baseline ? resources.BaselineFamily! : resources.ImprovedFamily!;
        var result = await aws.Ecs.RunTaskAsync(new RunTaskRequest
        {
            Cluster = resources.Cluster,
            TaskDefinition = family,
            Subnets = resources.Subnets,
            SecurityGroups = resources.SecurityGroups,
            AssignPublicIp = options.AssignPublicIp,
            Tags = new Dictionary<string, string> { [AwsModeOptions.TargetTagKey] = AwsModeOptions.TargetTagValue },
            PropagateTags = "TASK_DEFINITION",
            StartedBy = AwsModeOptions.StartedBy,
            ClientToken = clientToken,
        }, ct);
        if (result.Tasks.Count == 0)
        {
            var why = result.Failures.Count == 0 ? "ECS returned no task and no reason"
                : string.Join("; ", result.Failures.Select(f => $"{f.Reason}{(f.Detail is null ? "" : $" ({f.Detail})")}"));
            return ActionOutcome.Failed($"ECS did not start {family}: {why}");
        }
        var task = result.Tasks[0];
        workshop.TrackTask(task.TaskArn!);
        live.ObserveTask(AwsViews.Task(task, resources, options.ContainerName));
        return ActionOutcome.Done($"Launched {family} as task {task.TaskId}", task.TaskId);
    });

    public Task<ActionOutcome> StartExperimentAsync(string clientToken, CancellationToken ct) => Act(async resources =>
    {
        if (resources.ExperimentTemplateId is null)
            return ActionOutcome.Failed($"No experiment template: tag one Name={AwsModeOptions.TemplateNameTag} or set Aws:ExperimentTemplate.");
        var experiment = await aws.Fis.StartExperimentAsync(resources.ExperimentTemplateId,
            new Dictionary<string, string> { ["startedBy"] = AwsModeOptions.StartedBy }, clientToken, ct);
        workshop.TrackExperiment(experiment.Id!);
        live.ObserveExperiment(AwsViews.Experiment(experiment, [], time.GetUtcNow()));
        return ActionOutcome.Done($"Started experiment {experiment.Id}", experiment.Id);
    });

    public Task<ActionOutcome> StopExperimentAsync(string experimentId, CancellationToken ct) => Act(async _ =>
    {
        // StopExperiment takes no client token: stopping twice is harmless.
        var experiment = await aws.Fis.StopExperimentAsync(experimentId, ct);
        workshop.TrackExperiment(experimentId);
        live.ObserveExperiment(AwsViews.Experiment(experiment, [], time.GetUtcNow()));
        return ActionOutcome.Done($"Stopping experiment {experimentId}", experimentId);
    });

    public Task<ActionOutcome> StopTaskAsync(string taskId, CancellationToken ct) => Act(async resources =>
    {
        var arn = live.FindTask(taskId)?.TaskArn ?? taskId;
        await aws.Ecs.StopTaskAsync(resources.Cluster, arn, "Task stopped from Chaos Dashboard", ct);
        return ActionOutcome.Done($"Stopping task {taskId}", taskId);
    });

    public Task<ActionOutcome> ClearTableAsync(CancellationToken ct) => Act(async resources =>
    {
        if (resources.Table is null) return ActionOutcome.Failed("No table: set Aws:Table.");
        using var table = aws.OpenWorkshopTable(resources.Table);
        var deleted = await table.ClearAsync(ct);
        live.ClearItems();
        return ActionOutcome.Done($"Deleted {deleted} item{(deleted == 1 ? "" : "s")} from the table");
    });

    async Task<ActionOutcome> Act(Func<WorkshopResources, Task<ActionOutcome>> action)
    {
        if (workshop.Resources is not { } resources)
            return ActionOutcome.Failed("The dashboard has not reached AWS yet; see the problems shown at the top of the page.");
        try
        {
            return await action(resources);
        }
        catch (Exception e)
        {
            return ActionOutcome.Failed(AwsErrorText.Describe(e));
        }
    }
}
