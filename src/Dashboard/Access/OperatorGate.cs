using System.Threading.RateLimiting;
using ChaosDashboard.Actions;
using ChaosDashboard.Experiment;
using Microsoft.AspNetCore.Components.Authorization;

namespace ChaosDashboard.Access;

/// <summary>
/// The operator check for a page's circuit: the buttons are drawn only for the operator, and each
/// handler asks again here before it acts, so an event that reaches the server from a viewer's page is
/// refused and recorded, not only never drawn. It also holds the page's share of the action rate limit.
/// </summary>
public sealed class OperatorGate(OperatorAccess access, ActionAudit audit, IServiceProvider services, Hardening.RateLimits limits)
{
    readonly string _partition = $"circuit:{Guid.NewGuid():N}";

    public bool RoomMode => access.RoomMode;

    public async Task<bool> IsOperatorAsync()
    {
        if (!access.RoomMode) return true;
        // Asked each time, not remembered: the state is the one the circuit was opened with.
        if (services.GetService<AuthenticationStateProvider>() is not { } provider) return false;
        try
        {
            var state = await provider.GetAuthenticationStateAsync();
            return access.IsOperator(state.User);
        }
        catch (InvalidOperationException)
        {
            // No state was set for this scope: nobody proved to be the operator.
            return false;
        }
    }

    /// <summary>Runs an action for the page when its user is the operator; refuses (and records) otherwise.</summary>
    public async Task<ActionAnswer> RunAsync(string action, Func<Task<ActionAnswer>> run)
    {
        if (!await IsOperatorAsync())
        {
            audit.Refused(ActionAudit.Who(false, null), action, "not the operator");
            return new ActionAnswer(ActionStatus.Refused, ActionOutcome.Failed(OperatorEndpoints.ViewerRefusal));
        }
        using var lease = limits.ActionsLimiter.AttemptAcquire(_partition);
        if (!lease.IsAcquired)
        {
            audit.Refused(ActionAudit.Who(true, null), action, "too many actions");
            return new ActionAnswer(ActionStatus.Refused, ActionOutcome.Failed(Hardening.RateLimits.TooManyMessage));
        }
        var answer = await run();
        audit.Done(ActionAudit.Who(true, null), action, $"{answer.Status}: {answer.Outcome.Message}");
        return answer;
    }

    /// <summary>For handlers that are not one of the workshop's actions (an import): true when allowed, recorded either way.</summary>
    public async Task<bool> AllowAsync(string action)
    {
        if (await IsOperatorAsync()) return true;
        audit.Refused(ActionAudit.Who(false, null), action, "not the operator");
        return false;
    }

    public void Record(string action, string outcome) => audit.Done(ActionAudit.Who(true, null), action, outcome);
}
