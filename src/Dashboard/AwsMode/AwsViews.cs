using System.Globalization;
using ChaosDashboard.Aws.DynamoDb;
using ChaosDashboard.Aws.Ecs;
using ChaosDashboard.Aws.Fis;
using ChaosDashboard.Experiment;

namespace ChaosDashboard.AwsMode;

/// <summary>Turns what ECS, FIS and DynamoDB answer into the live model's records.</summary>
public static class AwsViews
{
    public static TaskView Task(EcsTask task, WorkshopResources resources, string containerName)
    {
        var (family, revision) = TaskDefinitionOf(task.TaskDefinitionArn);
        var times = new Dictionary<string, DateTimeOffset>();
        if (task.CreatedAt is { } created) times["PROVISIONING"] = created;
        if (task.StartedAt is { } started) times["RUNNING"] = started;
        if (task.StoppedAt is { } stopped) times["STOPPED"] = stopped;
        var container = task.Containers.FirstOrDefault(c => c.Name == containerName) ?? task.Containers.FirstOrDefault();
        return new TaskView
        {
            TaskId = task.TaskId ?? "",
            TaskArn = task.TaskArn ?? "",
            Kind = family is not null && resources.ImprovedFamily is { } improved && family == WorkshopResources.FamilyName(improved)
                ? TaskKind.Improved : TaskKind.Baseline,
            TaskDefinition = revision is null ? family ?? "?" : $"{family}:{revision}",
            LastStatus = task.LastStatus ?? "PROVISIONING",
            DesiredStatus = task.DesiredStatus ?? "RUNNING",
            StateTimes = times,
            CreatedAt = task.CreatedAt,
            PullStartedAt = task.PullStartedAt,
            PullStoppedAt = task.PullStoppedAt,
            StartedAt = task.StartedAt,
            StoppingAt = task.StoppingAt,
            StoppedAt = task.StoppedAt,
            StopCode = task.StopCode,
            StoppedReason = task.StoppedReason,
            ExitCode = container?.ExitCode,
        };
    }

    /// <summary>"…:task-definition/family:3" → (family, "3"); the revision may be absent.</summary>
    public static (string? Family, string? Revision) TaskDefinitionOf(string? arn)
    {
        if (string.IsNullOrEmpty(arn)) return (null, null);
        var name = arn[(arn.LastIndexOf('/') + 1)..];
        var colon = name.LastIndexOf(':');
        return colon > 0 && int.TryParse(name.AsSpan(colon + 1), out _) ? (name[..colon], name[(colon + 1)..]) : (name, null);
    }

    public static ExperimentView Experiment(FisExperiment experiment, IReadOnlyList<string> targetTaskIds, DateTimeOffset now) => new()
    {
        ExperimentId = experiment.Id ?? "",
        TemplateId = experiment.ExperimentTemplateId ?? "",
        Status = experiment.State.Status ?? "pending",
        Reason = experiment.State.Error?.Code is { } code ? $"{experiment.State.Reason} ({code})" : experiment.State.Reason,
        CreatedAt = experiment.CreationTime ?? now,
        StartTime = experiment.StartTime ?? experiment.CreationTime,
        EndTime = experiment.EndTime,
        Actions = experiment.Actions
            .Select(a => new ActionView(a.Key, a.Value.ActionId ?? "", a.Value.State.Status ?? "pending", a.Value.State.Reason, a.Value.StartTime, a.Value.EndTime))
            .ToList(),
        TargetTaskIds = targetTaskIds,
    };

    /// <summary>Task ids in the ARNs an experiment's targets resolved to.</summary>
    public static IReadOnlyList<string> TaskIds(IEnumerable<string> arns) =>
        arns.Where(a => a.Contains(":task/", StringComparison.Ordinal)).Select(a => a[(a.LastIndexOf('/') + 1)..]).Distinct().ToList();

    /// <summary>
    /// An item as the table holds it. The worker's table keeps writtenBy, writtenAt and writes; another
    /// table (the workshop's own) may keep none of them, and then shows presence only.
    /// </summary>
    public static TableItemObservation? Item(WorkshopItem item)
    {
        if (item.ItemIndex is not { } index) return null;
        item.Attributes.TryGetValue("writtenBy", out var by);
        DateTimeOffset? at = item.Attributes.TryGetValue("writtenAt", out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        int? writes = item.Attributes.TryGetValue("writes", out var count) && int.TryParse(count, out var n) ? n : null;
        return new TableItemObservation(index, by, at, writes);
    }
}
