using System.Collections.Concurrent;
using System.Security.Cryptography;
using ChaosDashboard.Experiment;

namespace ChaosDashboard.Sandbox;

/// <summary>
/// Simulated AWS FIS with the workshop's template: one action StopECSTask of type aws:ecs:stop-task
/// targeting the tasks tagged fisTarget=true. An experiment walks pending → initiating → running →
/// completed, or fails when no target is running, as FIS does.
/// </summary>
public sealed class SandboxFis(LiveExperiment live, SandboxEcs ecs, SandboxOptions options, TimeProvider time)
{
    public const string TemplateId = "EXTsandboxFisWorkshop1";
    public const string TemplateName = "FisWorkshopECSTask";
    public const string ActionName = "StopECSTask";
    public const string ActionType = "aws:ecs:stop-task";

    readonly ConcurrentDictionary<string, string> _experimentsByClientToken = new();
    readonly ConcurrentDictionary<string, (Task Run, CancellationTokenSource Stop)> _runs = new();
    // Bounded like every buffer: only recent experiments can be repeated by token or stopped.
    const int Remembered = 100;
    readonly Queue<(string Token, string Id)> _order = new();
    readonly Lock _startLock = new();

    public (string ExperimentId, bool Created) StartExperiment(string clientToken)
    {
        lock (_startLock)
        {
            if (_experimentsByClientToken.TryGetValue(clientToken, out var existing)) return (existing, false);
            var id = "EXP" + NewId(17);
            _experimentsByClientToken[clientToken] = id;
            var now = time.GetUtcNow();
            var view = new ExperimentView
            {
                ExperimentId = id,
                TemplateId = TemplateId,
                Status = "pending",
                CreatedAt = now,
                StartTime = now,
                Actions = [new ActionView(ActionName, ActionType, "pending", null, null, null)],
            };
            live.ObserveExperiment(view);
            var stop = new CancellationTokenSource();
            _runs[id] = (Task.Run(() => RunAsync(view, stop.Token)), stop);
            _order.Enqueue((clientToken, id));
            while (_order.Count > Remembered)
            {
                var (oldToken, oldId) = _order.Dequeue();
                _experimentsByClientToken.TryRemove(oldToken, out _);
                _runs.TryRemove(oldId, out _);
            }
            return (id, true);
        }
    }

    public Task WhenFinished(string experimentId) => _runs.TryGetValue(experimentId, out var r) ? r.Run : Task.CompletedTask;

    /// <summary>FIS's StopExperiment: an experiment not yet finished goes stopping → stopped.</summary>
    public bool StopExperiment(string experimentId)
    {
        if (!_runs.TryGetValue(experimentId, out var run) || run.Run.IsCompleted) return false;
        run.Stop.Cancel();
        return true;
    }

    async Task RunAsync(ExperimentView view, CancellationToken stop)
    {
        try
        {
            await RunStepsAsync(view, stop);
        }
        catch (OperationCanceledException)
        {
            var current = live.Experiments().FirstOrDefault(e => e.ExperimentId == view.ExperimentId) ?? view;
            live.ObserveExperiment(current with { Status = "stopping", Reason = "Experiment stopping." });
            await Task.Delay(options.Scaled(2), time);
            var end = time.GetUtcNow();
            live.ObserveExperiment(current with
            {
                Status = "stopped",
                Reason = "Experiment stopped by the user.",
                EndTime = end,
                Actions = current.Actions.Select(a => a with { Status = a.Status == "running" ? "stopped" : "cancelled", EndTime = a.StartTime is null ? null : end }).ToList(),
            });
        }
    }

    async Task RunStepsAsync(ExperimentView view, CancellationToken stop)
    {
        await Task.Delay(options.Scaled(3), time, stop);
        view = view with { Status = "initiating" };
        live.ObserveExperiment(view);
        await Task.Delay(options.Scaled(6), time, stop);

        // Target resolution happens as the experiment starts running: the tasks tagged fisTarget=true.
        var targets = ecs.RunningTasks().Select(t => t.TaskId).ToList();
        if (targets.Count == 0)
        {
            var reason = "Target resolution returned no resources: no running ECS task is tagged fisTarget=true.";
            live.ObserveExperiment(view with
            {
                Status = "failed",
                Reason = reason,
                EndTime = time.GetUtcNow(),
                Actions = [new ActionView(ActionName, ActionType, "cancelled", "Experiment failed", null, null)],
            });
            return;
        }

        var actionStart = time.GetUtcNow();
        view = view with
        {
            Status = "running",
            TargetTaskIds = targets,
            Actions = [new ActionView(ActionName, ActionType, "running", null, actionStart, null)],
        };
        live.ObserveExperiment(view);
        await Task.Delay(options.Scaled(2), time, stop);
        foreach (var taskId in targets)
            ecs.StopTask(taskId, $"Task stopped by AWS FIS (Experiment ID: {view.ExperimentId})");
        await Task.Delay(options.Scaled(2), time);

        var end = time.GetUtcNow();
        live.ObserveExperiment(view with
        {
            Status = "completed",
            Reason = "Experiment completed.",
            EndTime = end,
            Actions = [new ActionView(ActionName, ActionType, "completed", "Action completed.", actionStart, end)],
        });
    }

    static string NewId(int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        return string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]));
    }
}
