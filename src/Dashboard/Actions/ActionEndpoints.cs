using ChaosDashboard.Access;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChaosDashboard.Actions;

public sealed record ActionRequest(string? Kind, string? TaskId, string? ClientToken, bool Confirm = false, string? ExperimentId = null);

/// <summary>The workshop's actions over HTTP, for scripts and tests; the page's buttons call <see cref="ExperimentActions"/> directly.</summary>
public static class ActionEndpoints
{
    public static IEndpointRouteBuilder MapExperimentActions(this IEndpointRouteBuilder routes)
    {
        // Only the operator acts (room mode), at a bounded rate per client.
        var group = routes.MapGroup("/api/actions").RequireOperator().RequireRateLimiting(Hardening.RateLimits.Actions);
        group.MapPost("/launch", (ActionRequest r, ExperimentActions a, CancellationToken ct) => Answer(a.LaunchAsync(r.Kind, r.ClientToken, ct)));
        group.MapPost("/start-experiment", (ActionRequest r, ExperimentActions a, CancellationToken ct) => Answer(a.StartExperimentAsync(r.ClientToken, ct)));
        group.MapPost("/stop-experiment", (ActionRequest r, ExperimentActions a, CancellationToken ct) => Answer(a.StopExperimentAsync(r.ExperimentId, r.ClientToken, ct)));
        group.MapPost("/stop-task", (ActionRequest r, ExperimentActions a, CancellationToken ct) => Answer(a.StopTaskAsync(r.TaskId, r.ClientToken, ct)));
        group.MapPost("/clear-table", (ActionRequest r, ExperimentActions a, CancellationToken ct) => Answer(a.ClearTableAsync(r.Confirm, r.ClientToken, ct)));
        return routes;
    }

    static async Task<Results<Ok<ActionOutcome>, Conflict<ActionOutcome>, BadRequest<ActionOutcome>>> Answer(Task<ActionAnswer> action)
    {
        var answer = await action;
        return answer.Status switch
        {
            ActionStatus.Done => TypedResults.Ok(answer.Outcome),
            ActionStatus.Refused => TypedResults.Conflict(answer.Outcome),
            _ => TypedResults.BadRequest(answer.Outcome),
        };
    }
}
