using System.Text.RegularExpressions;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChaosDashboard.Actions;

public sealed record ActionRequest(string? Kind, string? TaskId, string? ClientToken, bool Confirm = false, string? ExperimentId = null);

/// <summary>The buttons of the experiment page: launch, start the experiment, stop the task, clear the table.</summary>
/// <remarks>
/// Each action checks its preconditions inside the guard, so two clicks cannot both pass the check;
/// a repeated client token gets the first answer back before any check.
/// </remarks>
public static partial class ActionEndpoints
{
    public static IEndpointRouteBuilder MapExperimentActions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/actions");
        group.MapPost("/launch", Launch);
        group.MapPost("/start-experiment", StartExperiment);
        group.MapPost("/stop-experiment", StopExperiment);
        group.MapPost("/stop-task", StopTask);
        group.MapPost("/clear-table", ClearTable);
        return routes;
    }

    public static Task<Results<Ok<ActionOutcome>, Conflict<ActionOutcome>, BadRequest<ActionOutcome>>> Launch(
        ActionRequest request, LiveExperiment live, IWorkshopBackend backend, ActionGuard guard, CancellationToken ct)
    {
        if (!Enum.TryParse<TaskKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
            return Bad("Choose the task definition to launch: baseline or improved.");
        return Run(guard, "launch", request.ClientToken, token =>
            ActiveTask(live) is { } active
                ? Refuse($"Task {VerdictCalculator.Short(active.TaskId)} is still {active.LastStatus}: the workshop runs one task at a time. Stop it or wait until it has stopped.")
                : backend.LaunchTaskAsync(kind, token, ct));
    }

    public static Task<Results<Ok<ActionOutcome>, Conflict<ActionOutcome>, BadRequest<ActionOutcome>>> StartExperiment(
        ActionRequest request, LiveExperiment live, IWorkshopBackend backend, ActionGuard guard, CancellationToken ct) =>
        Run(guard, "start-experiment", request.ClientToken, token =>
            live.Experiments().FirstOrDefault(e => !ExperimentView.IsFinal(e.Status)) is { } active
                ? Refuse($"Experiment {active.ExperimentId} is still {active.Status}.")
                : backend.StartExperimentAsync(token, ct));

    public static Task<Results<Ok<ActionOutcome>, Conflict<ActionOutcome>, BadRequest<ActionOutcome>>> StopExperiment(
        ActionRequest request, LiveExperiment live, IWorkshopBackend backend, ActionGuard guard, CancellationToken ct) =>
        Run(guard, "stop-experiment", request.ClientToken, _ =>
        {
            var experimentId = request.ExperimentId
                ?? live.Experiments().LastOrDefault(e => !ExperimentView.IsFinal(e.Status))?.ExperimentId;
            return experimentId is null ? Refuse("No experiment is running.") : backend.StopExperimentAsync(experimentId, ct);
        });

    public static Task<Results<Ok<ActionOutcome>, Conflict<ActionOutcome>, BadRequest<ActionOutcome>>> StopTask(
        ActionRequest request, LiveExperiment live, IWorkshopBackend backend, ActionGuard guard, CancellationToken ct) =>
        Run(guard, "stop-task", request.ClientToken, _ =>
        {
            var taskId = request.TaskId ?? ActiveTask(live)?.TaskId;
            if (taskId is null) return Refuse("No task is running.");
            if (live.FindTask(taskId) is null) return Refuse($"Unknown task {taskId}.");
            return backend.StopTaskAsync(taskId, ct);
        });

    public static Task<Results<Ok<ActionOutcome>, Conflict<ActionOutcome>, BadRequest<ActionOutcome>>> ClearTable(
        ActionRequest request, LiveExperiment live, IWorkshopBackend backend, ActionGuard guard, CancellationToken ct)
    {
        if (!request.Confirm) return Bad("Clearing the table deletes every item: confirm to go on.");
        return Run(guard, "clear-table", request.ClientToken, _ =>
            ActiveTask(live) is { } active
                ? Refuse($"Task {VerdictCalculator.Short(active.TaskId)} is still {active.LastStatus} and writes into the table: stop it first.")
                : backend.ClearTableAsync(ct));
    }

    static TaskView? ActiveTask(LiveExperiment live) => live.Tasks().LastOrDefault(t => !TaskLifecycle.IsStopped(t.LastStatus));

    static Task<ActionOutcome> Refuse(string message) => Task.FromResult(ActionOutcome.Failed(message));

    static async Task<Results<Ok<ActionOutcome>, Conflict<ActionOutcome>, BadRequest<ActionOutcome>>> Run(
        ActionGuard guard, string kind, string? clientToken, Func<string, Task<ActionOutcome>> action)
    {
        if (clientToken is not null && !ValidToken().IsMatch(clientToken))
            return TypedResults.BadRequest(ActionOutcome.Failed("The client token must be 1 to 64 printable ASCII characters."));
        var token = clientToken ?? Guid.NewGuid().ToString("N");
        var outcome = await guard.RunAsync(kind, token, () => action(token));
        if (outcome is null) return TypedResults.Conflict(ActionOutcome.Failed("The same action is already in progress."));
        return outcome.Ok ? TypedResults.Ok(outcome) : TypedResults.Conflict(outcome);
    }

    static Task<Results<Ok<ActionOutcome>, Conflict<ActionOutcome>, BadRequest<ActionOutcome>>> Bad(string message) =>
        Task.FromResult<Results<Ok<ActionOutcome>, Conflict<ActionOutcome>, BadRequest<ActionOutcome>>>(TypedResults.BadRequest(ActionOutcome.Failed(message)));

    [GeneratedRegex(@"^[\x21-\x7E]{1,64}$")]
    private static partial Regex ValidToken();
}
