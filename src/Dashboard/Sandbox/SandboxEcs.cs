using System.Collections.Concurrent;
using System.Security.Cryptography;
using ChaosDashboard.Batch;
using ChaosDashboard.Experiment;

namespace ChaosDashboard.Sandbox;

/// <summary>
/// Simulated ECS on Fargate: each task walks ECS's lifecycle with its timestamps and, while RUNNING,
/// runs the real processing loop against the sandbox table. StopTask sends the loop its SIGTERM.
/// </summary>
public sealed class SandboxEcs(LiveExperiment live, SandboxTable table, SandboxOptions options, ILogger<SandboxEcs> logger, TimeProvider time)
{
    public const string Cluster = "FisStackECS-Cluster";
    public const string BaselineDefinition = "FisStopTaskStackTaskDef";
    public const string ImprovedDefinition = "FisStopTaskImprovedTaskDef";
    const string Account = "123456789012";
    const string Region = "us-east-1";

    sealed class SimulatedTask(TaskView view)
    {
        public TaskView View = view;
        public readonly CancellationTokenSource Sigterm = new();
        public Task Lifecycle = Task.CompletedTask;
    }

    readonly ConcurrentDictionary<string, SimulatedTask> _tasks = new();
    // RunTask's clientToken makes a repeated request return the first request's task.
    readonly ConcurrentDictionary<string, string> _tasksByClientToken = new();
    readonly Lock _runLock = new();
    // Bounded: only recent tasks can be stopped or repeated by token; the live model keeps the page's history.
    const int Remembered = 100;
    readonly Queue<(string Token, string Id)> _order = new();

    public static string DefinitionOf(TaskKind kind) => kind == TaskKind.Baseline ? BaselineDefinition : ImprovedDefinition;

    public IEnumerable<TaskView> RunningTasks() =>
        _tasks.Values.Select(t => t.View).Where(t => !TaskLifecycle.IsStopped(t.LastStatus) && t.DesiredStatus == "RUNNING");

    public (TaskView Task, bool Created) RunTask(TaskKind kind, string clientToken)
    {
        lock (_runLock)
        {
            if (_tasksByClientToken.TryGetValue(clientToken, out var existingId))
                return (_tasks[existingId].View, false);

            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var definition = DefinitionOf(kind);
            var now = time.GetUtcNow();
            var task = new SimulatedTask(new TaskView
            {
                TaskId = id,
                TaskArn = $"arn:aws:ecs:{Region}:{Account}:task/{Cluster}/{id}",
                Kind = kind,
                TaskDefinition = $"{definition}:1",
                LastStatus = "PROVISIONING",
                CreatedAt = now,
                StateTimes = new Dictionary<string, DateTimeOffset> { ["PROVISIONING"] = now },
            });
            _tasks[id] = task;
            _tasksByClientToken[clientToken] = id;
            _order.Enqueue((clientToken, id));
            while (_order.Count > Remembered && _tasks.TryGetValue(_order.Peek().Id, out var oldest) && oldest.Lifecycle.IsCompleted)
            {
                var (oldToken, oldId) = _order.Dequeue();
                _tasksByClientToken.TryRemove(oldToken, out _);
                _tasks.TryRemove(oldId, out _);
            }
            live.ObserveTask(task.View);
            task.Lifecycle = Task.Run(() => RunLifecycleAsync(task));
            return (task.View, true);
        }
    }

    /// <summary>What ECS does on StopTask: desired status STOPPED, the reason kept, SIGTERM to the container.</summary>
    public bool StopTask(string taskId, string reason)
    {
        if (!_tasks.TryGetValue(taskId, out var task) || TaskLifecycle.IsStopped(task.View.LastStatus)) return false;
        lock (task)
        {
            if (task.View.DesiredStatus == "STOPPED") return true;
            Update(task, v => v with { DesiredStatus = "STOPPED", StopCode = "UserInitiated", StoppedReason = reason });
        }
        task.Sigterm.Cancel();
        return true;
    }

    public Task WhenStopped(string taskId) => _tasks.TryGetValue(taskId, out var t) ? t.Lifecycle : Task.CompletedTask;

    async Task RunLifecycleAsync(SimulatedTask task)
    {
        var stop = task.Sigterm.Token;
        try
        {
            // Real-world durations of a Fargate start, scaled: ENI attach, image pull, container start.
            if (await Phase(15, stop))
            {
                Update(task, v => v with { LastStatus = "PENDING", PullStartedAt = time.GetUtcNow() });
                if (await Phase(20, stop))
                {
                    Update(task, v => v with { PullStoppedAt = time.GetUtcNow(), LastStatus = "ACTIVATING" });
                    if (await Phase(4, stop))
                    {
                        Update(task, v => v with { LastStatus = "RUNNING", StartedAt = time.GetUtcNow() });
                        await RunContainerAsync(task, stop);
                    }
                }
            }
        }
        catch (Exception e)
        {
            logger.LogError(e, "Sandbox task {TaskId} failed", task.View.TaskId);
            Update(task, v => v with { StopCode = "TaskFailedToStart", StoppedReason = $"Container failed: {e.Message}", ExitCode = 1 });
        }

        Update(task, v => v with { LastStatus = "DEACTIVATING", DesiredStatus = "STOPPED", StoppingAt = v.StoppingAt ?? time.GetUtcNow() });
        await Task.Delay(options.Scaled(4), time);
        Update(task, v => v with { LastStatus = "STOPPING" });
        await Task.Delay(options.Scaled(6), time);
        Update(task, v => v with { LastStatus = "DEPROVISIONING" });
        await Task.Delay(options.Scaled(10), time);
        Update(task, v => v with { LastStatus = "STOPPED", StoppedAt = time.GetUtcNow() });
    }

    async Task RunContainerAsync(SimulatedTask task, CancellationToken sigterm)
    {
        var taskId = task.View.TaskId;
        var job = new BatchJob(table, new BatchJobOptions
        {
            TaskId = taskId,
            Mode = task.View.Kind == TaskKind.Baseline ? BatchMode.Baseline : BatchMode.Checkpoint,
            BatchSize = options.BatchSize,
            Interval = options.Scaled(options.ItemIntervalSeconds),
        }, line => live.AppendLog(taskId, time.GetUtcNow(), line), time);

        var result = await job.RunAsync(sigterm);
        Update(task, v => result.Interrupted
            ? v with { ExitCode = 0, StoppingAt = v.StoppingAt ?? time.GetUtcNow() }
            : v with { ExitCode = 0, StopCode = VerdictCalculator.FinishedStopCode, StoppedReason = "Essential container in task exited" });
    }

    async Task<bool> Phase(double realSeconds, CancellationToken stop)
    {
        try
        {
            await Task.Delay(options.Scaled(realSeconds), time, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    void Update(SimulatedTask task, Func<TaskView, TaskView> change)
    {
        lock (task)
        {
            var next = change(task.View);
            if (next.LastStatus != task.View.LastStatus)
                next = next with { StateTimes = new Dictionary<string, DateTimeOffset>(next.StateTimes) { [next.LastStatus] = time.GetUtcNow() } };
            task.View = next;
            live.ObserveTask(next);
        }
    }
}
