using ChaosDashboard.Experiment;

namespace ChaosDashboard.Sandbox;

/// <summary>The workshop's AWS side simulated in-process: what the dashboard runs on with no AWS account.</summary>
public sealed class SandboxBackend(SandboxEcs ecs, SandboxFis fis, SandboxTable table) : IWorkshopBackend
{
    public Task<ActionOutcome> LaunchTaskAsync(TaskKind kind, string clientToken, CancellationToken cancellationToken)
    {
        var (task, created) = ecs.RunTask(kind, clientToken);
        return Task.FromResult(ActionOutcome.Done(
            created ? $"Launched {SandboxEcs.DefinitionOf(kind)} as task {task.TaskId}" : $"Already launched: task {task.TaskId}",
            task.TaskId));
    }

    public Task<ActionOutcome> StartExperimentAsync(string clientToken, CancellationToken cancellationToken)
    {
        var (id, created) = fis.StartExperiment(clientToken);
        return Task.FromResult(ActionOutcome.Done(created ? $"Started experiment {id}" : $"Already started: experiment {id}", id));
    }

    public Task<ActionOutcome> StopExperimentAsync(string experimentId, CancellationToken cancellationToken) =>
        Task.FromResult(fis.StopExperiment(experimentId)
            ? ActionOutcome.Done($"Stopping experiment {experimentId}", experimentId)
            : ActionOutcome.Failed($"Experiment {experimentId} is not running."));

    public Task<ActionOutcome> StopTaskAsync(string taskId, CancellationToken cancellationToken) =>
        Task.FromResult(ecs.StopTask(taskId, "Task stopped from Chaos Dashboard")
            ? ActionOutcome.Done($"Stopping task {taskId}", taskId)
            : ActionOutcome.Failed($"Task {taskId} is not running."));

    public Task<ActionOutcome> ClearTableAsync(CancellationToken cancellationToken)
    {
        var count = table.Count;
        table.Clear();
        return Task.FromResult(ActionOutcome.Done($"Deleted {count} item{(count == 1 ? "" : "s")} from the table"));
    }
}
