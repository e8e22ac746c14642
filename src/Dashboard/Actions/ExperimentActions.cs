using System.Text.RegularExpressions;
using ChaosDashboard.Experiment;

namespace ChaosDashboard.Actions;

/// <summary>How an action ended: done, refused by the state of the experiment, or asked for wrongly.</summary>
public enum ActionStatus
{
    Done,
    Refused,
    Invalid,
}

/// <summary>An action's outcome with how it ended, for an HTTP status or the page's message.</summary>
public sealed record ActionAnswer(ActionStatus Status, ActionOutcome Outcome)
{
    public static ActionAnswer Invalid(string message) => new(ActionStatus.Invalid, ActionOutcome.Failed(message));
}

/// <summary>
/// The workshop's actions, one path for the page's buttons and the HTTP API: launch, start and stop
/// the experiment, stop the task, clear the table.
/// </summary>
/// <remarks>
/// Each action checks its preconditions inside the guard, so two clicks cannot both pass the check;
/// a repeated client token gets the first answer back before any check.
/// </remarks>
public sealed partial class ExperimentActions(LiveExperiment live, IWorkshopBackend backend, ActionGuard guard)
{
    /// <summary>The names the API accepts for <see cref="TaskKind"/>: exactly these, never a number or a list.</summary>
    public static bool TryParseKind(string? text, out TaskKind kind)
    {
        kind = default;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "baseline": kind = TaskKind.Baseline; return true;
            case "improved": kind = TaskKind.Improved; return true;
            default: return false;
        }
    }

    public Task<ActionAnswer> LaunchAsync(string? kind, string? clientToken, CancellationToken ct) =>
        TryParseKind(kind, out var parsed)
            ? LaunchAsync(parsed, clientToken, ct)
            : Task.FromResult(ActionAnswer.Invalid("Choose the task definition to launch: baseline or improved."));

    public Task<ActionAnswer> LaunchAsync(TaskKind kind, string? clientToken, CancellationToken ct) =>
        Run("launch", clientToken, token =>
            ActiveTask() is { } active
                ? Refuse($"Task {VerdictCalculator.Short(active.TaskId)} is still {active.LastStatus}: the workshop runs one task at a time. Stop it or wait until it has stopped.")
                : backend.LaunchTaskAsync(kind, token, ct));

    public Task<ActionAnswer> StartExperimentAsync(string? clientToken, CancellationToken ct) =>
        Run("start-experiment", clientToken, token =>
            live.Experiments().FirstOrDefault(e => !ExperimentView.IsFinal(e.Status)) is { } active
                ? Refuse($"Experiment {active.ExperimentId} is still {active.Status}.")
                : backend.StartExperimentAsync(token, ct));

    /// <param name="experimentId">The experiment to stop; the one still active when null.</param>
    public Task<ActionAnswer> StopExperimentAsync(string? experimentId, string? clientToken, CancellationToken ct) =>
        Run("stop-experiment", clientToken, _ =>
        {
            var id = experimentId ?? live.Experiments().LastOrDefault(e => !ExperimentView.IsFinal(e.Status))?.ExperimentId;
            return id is null ? Refuse("No experiment is running.") : backend.StopExperimentAsync(id, ct);
        });

    /// <param name="taskId">The task to stop; the one still running when null.</param>
    public Task<ActionAnswer> StopTaskAsync(string? taskId, string? clientToken, CancellationToken ct) =>
        Run("stop-task", clientToken, _ =>
        {
            var id = taskId ?? ActiveTask()?.TaskId;
            if (id is null) return Refuse("No task is running.");
            if (live.FindTask(id) is null) return Refuse($"Unknown task {id}.");
            return backend.StopTaskAsync(id, ct);
        });

    public Task<ActionAnswer> ClearTableAsync(bool confirm, string? clientToken, CancellationToken ct)
    {
        if (!confirm) return Task.FromResult(ActionAnswer.Invalid("Clearing the table deletes every item: confirm to go on."));
        return Run("clear-table", clientToken, _ =>
            ActiveTask() is { } active
                ? Refuse($"Task {VerdictCalculator.Short(active.TaskId)} is still {active.LastStatus} and writes into the table: stop it first.")
                : backend.ClearTableAsync(ct));
    }

    TaskView? ActiveTask() => live.Tasks().LastOrDefault(t => !TaskLifecycle.IsStopped(t.LastStatus));

    static Task<ActionOutcome> Refuse(string message) => Task.FromResult(ActionOutcome.Failed(message));

    async Task<ActionAnswer> Run(string kind, string? clientToken, Func<string, Task<ActionOutcome>> action)
    {
        if (clientToken is not null && !ValidToken().IsMatch(clientToken))
            return ActionAnswer.Invalid("The client token must be 1 to 64 printable ASCII characters.");
        var token = clientToken ?? NewClientToken();
        var outcome = await guard.RunAsync(kind, token, () => action(token));
        if (outcome is null) return new(ActionStatus.Refused, ActionOutcome.Failed("The same action is already in progress."));
        return new(outcome.Ok ? ActionStatus.Done : ActionStatus.Refused, outcome);
    }

    /// <summary>A token for one click: AWS acts once per token, however often the request is retried.</summary>
    public static string NewClientToken() => Guid.NewGuid().ToString("N");

    [GeneratedRegex(@"^[\x21-\x7E]{1,64}$")]
    private static partial Regex ValidToken();
}
